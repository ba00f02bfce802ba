/**
 * Read the live state of the groups a plan needs, in the fewest calls: details in
 * batches of 100, then per found group only the calls the details left open and the
 * caller needs (`reads`): the admin list when the snapshot does not name the admins, the
 * member list when the details call did not list everyone, the announcement and the allow
 * and block lists when asked.
 */
import { LIMITS, type LiveGroup, type LiveReads } from '../model/group.js';
import type { GroupService, GroupSnapshot } from '../api/service.js';
import { buildLiveGroup, type Extra } from './build-live-group.js';
import { followingLimit, type Limit } from './following-limit.js';
import { IncompleteReadError, membersRead } from './incomplete-read.js';
import { LiveReadError, type LiveReadFailure } from './live-read-error.js';

export interface ReadLiveOptions {
  /**
   * Groups read at once (a group's reads run one after another); the transport beneath
   * caps the calls in flight, and its shared rate limiter does the pacing.
   */
  groupsAtOnce?: number;
  /**
   * When given, the calls the read keeps going at a time, asked again as each ends, up to
   * groupsAtOnce: with `auto` concurrency, what the transport puts in flight now. 256
   * batches waiting at the transport's gate for the 16 it sends cost a 50,000-group plan
   * about a tenth of its CPU in garbage collection (issue 23).
   */
  callsAtOnce?: () => number;
  /** @deprecated The 0.1 name of groupsAtOnce, read when it is not given. */
  concurrency?: number;
  /** Called each time one group is settled (read, missing or failed); `total` counts unique ids. */
  onProgress?: (done: number, total: number) => void;
  /**
   * What to read of a found group beyond its details, decided from its snapshot (the
   * owner it shows). Default: everything, complete admins and members.
   */
  reads?: (id: string, snapshot: GroupSnapshot) => LiveReads;
  /**
   * When given, a group whose members read short of its announced count twice is put
   * here (IncompleteReadError) instead of failing the whole read: the caller plans the
   * other groups and reports this one. Absent: it fails the read like any error.
   */
  incomplete?: Map<string, IncompleteReadError>;
  /**
   * When given, a group read without its member list (`reads` says members: false) keeps
   * only these of the names its details listed, with its member count beside them
   * (LiveGroup.memberCount): a plan that compares none of its members needs no other name,
   * and 50,000 such groups would otherwise keep a million names.
   */
  keepNames?: ReadonlySet<string>;
  /**
   * With keepNames: whether a group with this owner is read without its member list, asked
   * before its details are normalised, so the names it would not keep are never sorted
   * (issue 23). It must agree with `reads` (by the owner alone); absent, every name is read first.
   */
  membersUnread?: (id: string, owner: string) => boolean;
}

const READ_ALL: LiveReads = { admins: true, members: true };

/**
 * Live groups by id, in the order the ids were given (duplicates once); a group the
 * server does not know maps to null. Throws one LiveReadError naming every group that
 * could not be read.
 */
export async function readLive(
  service: GroupService,
  ids: readonly string[],
  options: ReadLiveOptions,
): Promise<Map<string, LiveGroup | null>> {
  const unique = [...new Set(ids)];
  const limit = followingLimit(Math.max(1, options.groupsAtOnce ?? options.concurrency ?? 1), options.callsAtOnce);
  const found = new Map<string, LiveGroup | null>();
  const failures: LiveReadFailure[] = [];
  let done = 0;
  const settle = (): void => {
    done += 1;
    options.onProgress?.(done, unique.length);
  };

  const run: Run = { service, options, limit, found, failures, settle, kept: new Set() };
  const { keepNames, membersUnread } = options;
  const keptBy = (id: string): ReadonlySet<string> => (run.kept.add(id), keepNames!);
  const details = keepNames && membersUnread && { names: (id: string, owner: string) => (membersUnread(id, owner) ? keptBy(id) : undefined) };
  const readBatch = async (batch: string[]): Promise<void> => {
    let snapshots: Map<string, GroupSnapshot | null>;
    try {
      snapshots = await limit(() => (details === undefined ? service.getGroups(batch) : service.getGroups(batch, details)));
    } catch (error) {
      for (const id of batch) {
        failures.push({ id, error });
        settle();
      }
      return;
    }
    const pending: Promise<void>[] = [];
    for (const id of batch) {
      const snapshot = snapshots.get(id) ?? null;
      if (snapshot === null) {
        found.set(id, null);
        settle();
      } else {
        const reading = readGroup(run, id, snapshot);
        if (reading !== undefined) pending.push(reading);
      }
    }
    // Each group holds its own snapshot until it is built; the batch's map need not keep them all.
    snapshots.clear();
    await Promise.all(pending);
  };

  await Promise.all(chunk(unique, LIMITS.detailsBatch).map(readBatch));

  if (failures.length > 0) throw new LiveReadError(sortLike(failures, unique));
  return new Map(unique.filter((id) => !options.incomplete?.has(id)).map((id) => [id, found.get(id) ?? null]));
}

/** What one readLive shares among its groups. */
interface Run {
  service: GroupService;
  options: ReadLiveOptions;
  limit: Limit;
  found: Map<string, LiveGroup | null>;
  failures: LiveReadFailure[];
  settle: () => void;
  /** Groups whose details the service was asked to keep names of (DetailsOptions.names): not filtered again; taken out as they settle. */
  kept: Set<string>;
}

/** One found group, settled once; a group its details tell in full is built at once: no call, no promise (issue 23). */
function readGroup(run: Run, id: string, snapshot: GroupSnapshot): Promise<void> | undefined {
  const { options, found, settle } = run;
  let whole: { kept: GroupSnapshot; reads: LiveReads };
  try {
    const reads = options.reads?.(id, snapshot) ?? READ_ALL;
    const filtered = run.kept.delete(id);
    const kept = reads.members || options.keepNames === undefined || filtered ? snapshot : withNamesOnly(snapshot, options.keepNames);
    if (!needsCalls(kept, reads)) {
      found.set(id, buildLiveGroup(kept, NO_EXTRA));
      settle();
      return undefined;
    }
    whole = { kept, reads };
  } catch (error) {
    failGroup(run, id, error);
    settle();
    return undefined;
  }
  return readWhole(run.service, whole.kept, whole.reads, run.limit).then(
    (group) => void found.set(id, group),
    (error: unknown) => failGroup(run, id, error),
  ).then(settle);
}

function failGroup(run: Run, id: string, error: unknown): void {
  if (error instanceof IncompleteReadError && run.options.incomplete !== undefined) run.options.incomplete.set(id, error);
  else run.failures.push({ id, error });
}

/**
 * A group with the extra reads it needs, read once more (details too) when the members
 * came back short of its count; null when it was dismissed in between.
 */
async function readWhole(service: GroupService, first: GroupSnapshot, reads: LiveReads, limit: Limit): Promise<LiveGroup | null> {
  const extra = await readFeatures(service, first.id, reads, limit, await readExtra(service, first, reads, limit));
  if (!isShort(first, extra)) return buildLiveGroup(first, extra);
  const again = (await limit(() => service.getGroups([first.id]))).get(first.id) ?? null;
  if (again === null) return null;
  const second = await readFeatures(service, again.id, reads, limit, await readExtra(service, again, reads, limit));
  if (isShort(again, second)) throw new IncompleteReadError(again.id, membersRead(again.owner, second.members ?? []), again.announcedMembers ?? 0);
  return buildLiveGroup(again, second);
}

/** The snapshot with only the `keep` names, marked partial so its member count stands for the rest. */
function withNamesOnly(snapshot: GroupSnapshot, keep: ReadonlySet<string>): GroupSnapshot {
  return { ...snapshot, members: snapshot.members.filter((user) => keep.has(user)), membersComplete: false };
}

const NO_EXTRA: Extra = {};

/** Whether readWhole would make a call for this group: exactly when readExtra or readFeatures would. */
function needsCalls(snapshot: GroupSnapshot, reads: LiveReads): boolean {
  if (reads.announcement === true || reads.allowList === true || reads.blockList === true) return true;
  if (reads.members && !snapshot.membersComplete) return true;
  return reads.admins && snapshot.admins === undefined;
}

function isShort(snapshot: GroupSnapshot, extra: Extra): boolean {
  if (extra.members === undefined || snapshot.announcedMembers === undefined) return false;
  return membersRead(snapshot.owner, extra.members) < snapshot.announcedMembers;
}

/**
 * The member list may name the admins too (newer servers): for a group that needs the
 * member list, the admin list is asked for only when it did not.
 */
async function readExtra(
  service: GroupService,
  snapshot: GroupSnapshot,
  reads: LiveReads,
  limit: Limit,
): Promise<Extra> {
  const knownAdmins = snapshot.admins;
  if (snapshot.membersComplete || !reads.members) {
    if (knownAdmins !== undefined || !reads.admins) return {};
    return { admins: await limit(() => service.getAdmins(snapshot.id)) };
  }
  const list = await limit(() => service.getMembers(snapshot.id, snapshot.announcedMembers));
  const members = list.admins === undefined ? list.members : [...list.members, ...list.admins];
  const admins = knownAdmins ?? list.admins ?? (reads.admins ? await limit(() => service.getAdmins(snapshot.id)) : undefined);
  return { ...(admins === undefined ? {} : { admins }), members };
}

/** The announcement and the lists, only where the plan compares them (a call per group each: FACTS.md). */
async function readFeatures(service: GroupService, id: string, reads: LiveReads, limit: Limit, extra: Extra): Promise<Extra> {
  const [announcement, allowList, blockList] = await Promise.all([
    reads.announcement === true ? limit(() => service.getAnnouncement(id)) : undefined,
    reads.allowList === true ? limit(() => service.getAllowList(id)) : undefined,
    reads.blockList === true ? limit(() => service.getBlockList(id)) : undefined,
  ]);
  return {
    ...extra,
    ...(announcement === undefined ? {} : { announcement }),
    ...(allowList === undefined ? {} : { allowList }),
    ...(blockList === undefined ? {} : { blockList }),
  };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

function sortLike(failures: LiveReadFailure[], order: readonly string[]): LiveReadFailure[] {
  const rank = new Map(order.map((id, i) => [id, i]));
  return [...failures].sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0));
}

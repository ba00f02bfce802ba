/**
 * The shared front half of plan, apply and import: config -> state -> session -> live -> plan.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/index.js';
import { findMissingUsers, readLive, searchAhead, type ReadLiveOptions, type WantedGroup } from '../live/index.js';
import { type DesiredGroup, type DesiredState, type LiveGroup } from '../model/group.js';
import {
  idsToRead,
  joinReads,
  makePlan,
  type Plan,
  plannedId,
  READ_DETAILS,
  readsFor,
  resolveKeys,
  type ResolvedKeys,
  usersToLookUp,
  withMissingUsers,
} from '../plan/index.js';
import { defaultStatePath, StateStore } from '../state/index.js';
import { type Io, UserError } from './io.js';
import { type ServiceSession } from './session.js';
import { type CommandSettings, type PlanScope } from './settings.js';
import { collectGarbageIfBloated } from './memory.js';
import type { ReadProgress } from './read-progress.js';
import { timeCpu } from './stats.js';

/** The PATH when none is given (CONTRACT.md). */
export const DEFAULT_PATHS = ['groups/'];

/** PATH arguments, resolved; the default `groups/` must exist. */
export function configPaths(positionals: string[], io: Io): string[] {
  if (positionals.length > 0) return positionals.map((p) => path.resolve(io.cwd, p));
  const fallback = path.resolve(io.cwd, DEFAULT_PATHS[0]!);
  if (!existsSync(fallback)) {
    throw new UserError(
      'no configuration: groups/ does not exist here.\n' +
        'Pass the YAML files or folders to read (e.g. "npx groupctl plan examples/small-team"), or create groups/.',
    );
  }
  return [fallback];
}

/** The configuration, read relative to the command's folder (so errors show the paths the user typed). */
export function loadDesired(paths: string[], io: Io): Promise<DesiredState> {
  return loadConfig(paths, { cwd: io.cwd });
}

/**
 * Where the bindings live: --state, else beside the config; with --sandbox (and no
 * --state) beside the sandbox file, so sandbox ids never mix with a real app's.
 */
export function statePathFor(settings: Pick<CommandSettings, 'stateFile' | 'connection'>, paths: string[]): string {
  const { target } = settings.connection;
  return stateFileFor(settings.stateFile, target.kind === 'sandbox' ? target.file : undefined, paths);
}

/** The same rule from its parts, for `validate`, which opens no connection. */
export function stateFileFor(stateFile: string | undefined, sandboxFile: string | undefined, paths: string[]): string {
  if (stateFile !== undefined) return stateFile;
  if (sandboxFile !== undefined) return sandboxFile.replace(/\.json$/, '') + '.state.json';
  return defaultStatePath(paths);
}

/**
 * The state store for a command that writes it. Its folder is made first: the lock file
 * goes beside the state file, and with --sandbox in a fresh folder .groupctl/ is not there yet.
 */
export function openWritableState(file: string): Promise<StateStore> {
  mkdirSync(path.dirname(file), { recursive: true });
  return StateStore.open(file, { lock: true });
}

/**
 * The CLI's live read: every command reads through here, so large reads keep their memory
 * down. `reads` says what to read of each group beyond its details (default: everything).
 */
export async function readLiveGroups(
  session: ServiceSession,
  ids: readonly string[],
  options: { reads?: ReadLiveOptions['reads']; progress?: ReadProgress; incomplete?: ReadLiveOptions['incomplete'] } = {},
): Promise<Map<string, LiveGroup | null>> {
  const { reads, progress, incomplete } = options;
  try {
    return await readLive(session.service, ids, {
      concurrency: session.concurrency,
      ...(reads ? { reads } : {}),
      ...(incomplete ? { incomplete } : {}),
      onProgress: (done, total) => {
        progress?.update(done, total);
        if (done % 500 === 0) collectGarbageIfBloated();
      },
    });
  } finally {
    progress?.finish();
  }
}

/**
 * What the plan of each bound id needs read (plan/reads.ts): the config's groups decide, by
 * the owner the details show. An id no planned key resolves to (a kept binding, read for
 * moved: suggestions) needs its details only.
 */
export function readsOfConfig(resolved: ResolvedKeys): NonNullable<ReadLiveOptions['reads']> {
  const keysById = new Map<string, DesiredGroup[]>();
  for (const group of resolved.groups) {
    const id = plannedId(group, resolved.bindings);
    if (id === undefined) continue;
    const groups = keysById.get(id);
    if (groups === undefined) keysById.set(id, [group]);
    else groups.push(group);
  }
  return (id, snapshot) => (keysById.get(id) ?? []).reduce((acc, group) => joinReads(acc, readsFor(group, snapshot.owner)), READ_DETAILS);
}

/**
 * Reads what the plan needs and makes it, telling the truth about what apply will meet:
 * - the bound groups, read in the fewest calls (live/read-live);
 * - only when the plan creates groups: one pass over the app's group list for live groups
 *   bound to no key with a create's owner and name, whose details are then read too, so
 *   the planner imports such a group instead of creating a second one; for keys bound to
 *   no group the pass starts beside the reads (live/find-candidates: searchAhead);
 * - the users the steps would add, one look-up each, so a missing user is a plan error;
 * - and at least one authenticated call, so bad credentials fail the plan even when
 *   there is nothing to read.
 */
export async function readAndPlan(
  desired: DesiredState,
  state: StateStore,
  session: ServiceSession,
  progress?: ReadProgress,
  scope: PlanScope = {},
): Promise<{ live: Map<string, LiveGroup | null>; plan: Plan }> {
  const { checkUsers = true, ...narrowing } = scope;
  const bindings = state.bindings();
  // Once for the read; makePlan resolves again with what the read found (a move onto a key whose group is gone).
  const resolved = resolveKeys(desired, bindings, narrowing.targets);
  const ids = idsToRead(desired, bindings, resolved);
  const boundIds = () => new Set([...bindings.values()].map((b) => b.id));
  const search = searchAhead(session.service, surelyCreated(desired, ids.unbound), boundIds);
  const incomplete: NonNullable<ReadLiveOptions['incomplete']> = new Map();
  const live = await readLiveGroups(session, ids.planned, {
    reads: readsOfConfig(resolved),
    incomplete,
    ...(progress ? { progress } : {}),
  });
  // Kept bindings matter only when something may be created: then a renamed key shows by owner and name.
  const mayCreate = ids.unbound.length > 0 || [...live.values()].some((g) => g === null);
  if (mayCreate && ids.kept.length > 0) {
    for (const [id, group] of await readLiveGroups(session, ids.kept, { reads: () => READ_DETAILS })) live.set(id, group);
  }
  const unreadable = new Map([...incomplete].map(([id, error]) => [id, error.message]));
  const customLength = session.customLength;
  let plan = timeCpu(() => makePlan({ desired, bindings, live, unreadable, customLength, ...narrowing }));

  const wanted = wantedByCreates(plan);
  if (wanted.length > 0) {
    const candidates = await search.candidatesFor(wanted);
    if (candidates.length > 0) {
      const unread = candidates.map((c) => c.id).filter((id) => !live.has(id));
      for (const [id, group] of await readLiveGroups(session, unread)) live.set(id, group);
      plan = timeCpu(() => makePlan({ desired, bindings, live, unreadable, customLength, ...narrowing, candidates }));
    }
  }

  if (checkUsers) {
    const missing = await findMissingUsers(session.service, usersToLookUp(plan, live.values()), session.concurrency);
    plan = withMissingUsers(plan, desired, missing);
  }
  if (session.stats().requests === 0) await proveAccess(session);
  return { live, plan };
}

/** Owner and name of the unbound keys that no `moved:` entry may bind: they will be created. */
function surelyCreated(desired: DesiredState, unbound: readonly DesiredGroup[]): WantedGroup[] {
  const movedTo = new Set((desired.moved ?? []).map((m) => m.to));
  const wanted: WantedGroup[] = [];
  for (const group of unbound) {
    const name = group.settings.name;
    if (group.owner !== undefined && name !== undefined && !movedTo.has(group.key)) wanted.push({ owner: group.owner, name });
  }
  return wanted;
}

/** Owner and name of every create that has a name (a group without one cannot be matched). */
function wantedByCreates(plan: Plan): WantedGroup[] {
  const wanted: WantedGroup[] = [];
  for (const step of plan.steps) {
    if (step.action === 'create' && step.details.settings.name !== undefined) wanted.push({ owner: step.details.owner, name: step.details.settings.name });
  }
  return wanted;
}

/** The cheapest authenticated call (one group of the list): a wrong token fails here, not at apply. */
async function proveAccess(session: ServiceSession): Promise<void> {
  for await (const _ of session.service.listGroups(1)) break;
}

/** Every user the configuration names, for the sandbox (see SessionOptions). */
export function usersOf(desired: DesiredState): string[] {
  const users = new Set<string>();
  for (const g of desired.groups.values()) {
    if (g.owner !== undefined) users.add(g.owner);
    for (const u of g.admins ?? []) users.add(u);
    for (const u of g.members ?? []) users.add(u);
  }
  return [...users];
}

/**
 * A run of steps of one batch action (add-member, remove-member, add-allow, remove-allow,
 * block, unblock) as one batch call (up to 60 names). The server answers per name; names
 * it refused are confirmed against one fresh read of the membership (or of the list)
 * before they count as done. A removal that names the owner is refused as a whole
 * (FACTS.md "wordings"): the fresh read shows who the owner is, the owner's step fails with
 * that refusal, and the other names are sent again without it.
 */
import { ServiceError, type GroupService, type MemberAnswer } from '../api/service.js';
import { alreadyNote, DONE, failed, readMembership, type Outcome } from './confirm.js';
import { describeError } from './describe-error.js';
import type { GroupContext } from './group-context.js';
import type { MemberAction } from './units.js';

/** Per batch action: the call, the fresh read that says whether a user's wanted state holds, and its words. */
interface BatchRule {
  call(service: GroupService, id: string, users: readonly string[]): Promise<MemberAnswer[]>;
  /** Whether a user is in the set the action adds to (and, for membership, who owns the group); null when the group is gone. */
  read(service: GroupService, id: string): Promise<FreshRead | null>;
  /** True when the action puts users into that set (add), false when it takes them out. */
  adds: boolean;
  already(user: string): string;
}

interface FreshRead {
  has(user: string): boolean;
  owner?: string;
}

const readMembers = async (service: GroupService, id: string): Promise<FreshRead | null> => {
  const view = await readMembership(service, id);
  return view && { has: (user) => view.owner === user || view.members.has(user), owner: view.owner };
};
const readList = (list: 'allow' | 'block') => async (service: GroupService, id: string): Promise<FreshRead> => {
  const names = new Set(await (list === 'allow' ? service.getAllowList(id) : service.getBlockList(id)));
  return { has: (user) => names.has(user) };
};

const RULES: Record<MemberAction, BatchRule> = {
  'add-member': { call: (s, id, u) => s.addMembers(id, u), read: readMembers, adds: true, already: (u) => `${u} is already a member` },
  'remove-member': { call: (s, id, u) => s.removeMembers(id, u), read: readMembers, adds: false, already: (u) => `${u} is already not a member` },
  'add-allow': { call: (s, id, u) => s.addAllow(id, u), read: readList('allow'), adds: true, already: (u) => `${u} is already on the allow list` },
  'remove-allow': { call: (s, id, u) => s.removeAllow(id, u), read: readList('allow'), adds: false, already: (u) => `${u} is already off the allow list` },
  block: { call: (s, id, u) => s.block(id, u), read: readList('block'), adds: true, already: (u) => `${u} is already blocked` },
  unblock: { call: (s, id, u) => s.unblock(id, u), read: readList('block'), adds: false, already: (u) => `${u} is already not blocked` },
};

/** Outcome per user, in the order given. */
export async function executeMemberBatch(
  ctx: GroupContext,
  id: string,
  action: MemberAction,
  users: readonly string[],
): Promise<Outcome[]> {
  const { service } = ctx;
  const rule = RULES[action];
  let results: MemberAnswer[] = [];
  let callError: unknown;
  try {
    results = await rule.call(service, id, users);
  } catch (err) {
    callError = err;
  }
  const byUser = new Map(results.map((r) => [r.user.toLowerCase(), r]));
  const refusals = users.map((user): string | undefined => {
    if (callError !== undefined) return describeError(callError);
    const r = byUser.get(user.toLowerCase());
    if (!r) return 'the server did not answer for this user';
    return r.ok ? undefined : (r.reason ?? 'refused without a reason');
  });
  if (refusals.every((r) => r === undefined)) return users.map(() => DONE);

  // Anything but a server answer is a bug of ours: no read can make it right.
  const canConfirm = callError === undefined || callError instanceof ServiceError;
  let fresh: FreshRead | null = null;
  if (canConfirm) {
    try {
      fresh = await rule.read(service, id);
    } catch {
      // The refusals are what to report, not the read that tried to explain them.
    }
  }
  const owner = action === 'remove-member' && callError !== undefined ? users.find((u) => u.toLowerCase() === fresh?.owner) : undefined;
  if (owner !== undefined) return removeAllButOwner(ctx, id, users, owner, callError);
  return users.map((user, i) => {
    const refusal = refusals[i];
    if (refusal === undefined) return DONE;
    if (fresh && fresh.has(user.toLowerCase()) === rule.adds) return { status: 'done', note: alreadyNote(rule.already(user), refusal) };
    return failed(refusal);
  });
}

async function removeAllButOwner(ctx: GroupContext, id: string, users: readonly string[], owner: string, refusal: unknown): Promise<Outcome[]> {
  const rest = users.filter((u) => u !== owner);
  const outcomes = rest.length > 0 ? await executeMemberBatch(ctx, id, 'remove-member', rest) : [];
  let next = 0;
  return users.map((u) => (u === owner ? failed(refusal) : outcomes[next++]!));
}


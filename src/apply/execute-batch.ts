/**
 * A run of add-member or remove-member steps as one batch call (up to 60 names). The
 * server answers per name; names it refused are confirmed against one fresh read of
 * the membership before they count as done. A removal that names the owner is refused as
 * a whole (FACTS.md "wordings"): the fresh read shows who the owner is, the owner's step
 * fails with that refusal, and the other names are sent again without it.
 */
import { ServiceError, type MemberAnswer } from '../api/service.js';
import { alreadyNote, DONE, failed, readMembership, type Outcome } from './confirm.js';
import { describeError } from './describe-error.js';
import type { GroupContext } from './group-context.js';
import type { MemberAction } from './units.js';

/** Outcome per user, in the order given. */
export async function executeMemberBatch(
  ctx: GroupContext,
  id: string,
  action: MemberAction,
  users: readonly string[],
): Promise<Outcome[]> {
  const { service } = ctx;
  let results: MemberAnswer[] = [];
  let callError: unknown;
  try {
    results = await (action === 'add-member' ? service.addMembers(id, users) : service.removeMembers(id, users));
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
  let view: Awaited<ReturnType<typeof readMembership>> = null;
  if (canConfirm) {
    try {
      view = await readMembership(service, id);
    } catch {
      // The refusals are what to report, not the read that tried to explain them.
    }
  }
  const owner = action === 'remove-member' && callError !== undefined ? users.find((u) => u.toLowerCase() === view?.owner) : undefined;
  if (owner !== undefined) return removeAllButOwner(ctx, id, users, owner, callError);
  return users.map((user, i) => {
    const refusal = refusals[i];
    if (refusal === undefined) return DONE;
    if (view && holds(view, action, user.toLowerCase())) {
      const already = action === 'add-member' ? `${user} is already a member` : `${user} is already not a member`;
      return { status: 'done', note: alreadyNote(already, refusal) };
    }
    return failed(refusal);
  });
}

async function removeAllButOwner(ctx: GroupContext, id: string, users: readonly string[], owner: string, refusal: unknown): Promise<Outcome[]> {
  const rest = users.filter((u) => u !== owner);
  const outcomes = rest.length > 0 ? await executeMemberBatch(ctx, id, 'remove-member', rest) : [];
  let next = 0;
  return users.map((u) => (u === owner ? failed(refusal) : outcomes[next++]!));
}

function holds(view: { owner: string; members: Set<string> }, action: MemberAction, user: string): boolean {
  const isMember = view.owner === user || view.members.has(user);
  return action === 'add-member' ? isMember : !isMember;
}

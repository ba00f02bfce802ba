/**
 * Plan errors: problems of one group or key that make a plan unsafe to apply, each in
 * words that say where and what to do. They become `plan.errors` (never thrown), all of
 * them collected, so the CLI can refuse before the first mutation. The counted guards
 * (removals, recreates, forgets) are in guards.ts.
 */
import { LIMITS, type DesiredGroup, type MovedKey } from '../model/group.js';
import { type PlanError } from './types.js';
import { bareRerun, type Rerun } from '../util/rerun.js';

function at(desired: DesiredGroup): string {
  const { file, line, col } = desired.source;
  return file ? ` (${file}:${line}:${col})` : '';
}

function error(desired: DesiredGroup, message: string): PlanError {
  return { group: desired.key, message: `group ${desired.key}: ${message}${at(desired)}` };
}

/** Members (owner included) must fit max_users at the end; the order takes care of every moment before. */
export function checkCapacity(desired: DesiredGroup, count: number, maxUsers: number | undefined): PlanError[] {
  if (maxUsers === undefined || count <= maxUsers) return [];
  return [error(desired, `${count} members (owner included) do not fit max_users ${maxUsers}`)];
}

/** owner + admins <= 100 (FACTS.md "Limits"). */
export function checkAdmins(desired: DesiredGroup, count: number): PlanError[] {
  if (count <= LIMITS.maxAdmins) return [];
  return [error(desired, `${count} admins exceed the limit of ${LIMITS.maxAdmins}`)];
}

/** A create needs an owner (CONTRACT.md "Configuration"). */
export function missingOwner(desired: DesiredGroup): PlanError {
  return error(desired, 'an owner is required to create the group');
}

/** An `id:` in config names a group that is not live: nothing to bind to. */
export function idNotFound(desired: DesiredGroup, id: string): PlanError {
  return error(desired, `id ${id} does not exist`);
}

/** The plan needs a group whose live state was not read: planning it blind could undo changes. */
export function liveNotRead(desired: DesiredGroup, id: string): PlanError {
  return error(desired, `the live state of id ${id} was not read`);
}

/** The live read skipped parts this group's plan needs (plan/reads.ts decides what to read). */
export function livePartsNotRead(desired: DesiredGroup, id: string, parts: readonly string[]): PlanError {
  return error(desired, `the live ${parts.join(' and ')} of id ${id} were not read`);
}

/** `protect: true` wins over `ensure: dismissed`. */
export function protectedDismiss(desired: DesiredGroup): PlanError {
  return error(desired, 'ensure: dismissed on a group with protect: true; refusing to dismiss');
}

/** A create matches several unbound live groups: guessing one could bind the wrong group. */
export function severalCandidates(desired: DesiredGroup, owner: string, name: string, ids: readonly string[]): PlanError {
  return error(
    desired,
    `${ids.length} live groups bound to no key have owner ${owner} and name ${JSON.stringify(name)} (${ids.join(', ')}); ` +
      `groupctl cannot tell which one this key is: add \`id: "ONE_OF_THEM"\` to the group in config`,
  );
}

/** A step would add users the app does not have: the call would fail halfway through apply. */
export function missingUsers(desired: DesiredGroup, users: readonly string[], more = ''): PlanError {
  const who = users.length === 1 ? `user ${users[0]} does not` : `users ${users.join(', ')} do not`;
  return error(desired, `${who} exist in the app; register them first or fix the config (--no-check-users skips this check)${more}`);
}

/** One live group, two keys: applying both would fight over it. */
export function sharedId(desired: DesiredGroup, id: string, otherKey: string): PlanError {
  return error(desired, `id ${id} is also bound to group ${otherKey}`);
}

/** `id:` and the state file name different groups: say how to settle it either way. */
export function idDisagrees(desired: DesiredGroup, id: string, bound: string, rerun: Rerun = bareRerun): PlanError {
  return error(
    desired,
    `id: ${id} disagrees with the state file, which binds ${desired.key} to group ${bound}. ` +
      `If ${bound} is right, set id: "${bound}" or remove the id: line; ` +
      `if ${id} is right, rebind the key with "${rerun('import', [desired.key, id])}"`,
  );
}

/** The id is bound to a key this plan does not plan: say whether it is a rename (moved:) or a binding to forget. */
export function boundElsewhere(desired: DesiredGroup, id: string, otherKey: string, otherDeclared: boolean): PlanError {
  if (otherDeclared) return sharedId(desired, id, otherKey);
  return error(
    desired,
    `group ${id} is already bound to key ${otherKey}, which this configuration does not declare. ` +
      `If ${desired.key} is ${otherKey} renamed, add "moved: [{from: ${otherKey}, to: ${desired.key}}]"; ` +
      `if ${otherKey} should be forgotten, add "removed: [${otherKey}]"`,
  );
}

function moveAt(move: MovedKey): string {
  const { file, line, col } = move.source;
  return file ? ` (${file}:${line}:${col})` : '';
}

/** A `moved:` entry onto a key bound to another live group: one key, one group. */
export function moveConflict(move: MovedKey, fromId: string, toId: string, why: string): PlanError {
  return {
    group: move.to,
    message:
      `moved ${move.from} -> ${move.to}: ${move.from} is bound to group ${fromId}, but ${move.to} ${why} ${toId}. ` +
      `One key, one group: remove the moved entry, or forget ${move.from} with "removed: [${move.from}]"${moveAt(move)}`,
  };
}

/** A `--target` that matches nothing is most likely a typo: refusing beats an empty plan. */
export function unknownTarget(pattern: string): PlanError {
  return { message: `--target ${pattern} matches no key of the configuration or the state file` };
}

/** The allow list takes members only (FACTS.md "Group features"): a user who will not be a member cannot be on it. */
export function allowNotMember(desired: DesiredGroup, users: readonly string[]): PlanError {
  const who = users.length === 1 ? `${users[0]} is` : `${users.join(', ')} are`;
  return error(desired, `${who} on allow_list but not a member when the plan is done; the allow list takes members only (add to members, or take off allow_list)`);
}

/** The service never blocks the owner (FACTS.md "block list"). */
export function ownerBlocked(desired: DesiredGroup, owner: string): PlanError {
  return error(desired, `${owner} is the owner and is on block_list; the owner is never blocked (transfer the ownership first, or take it off block_list)`);
}

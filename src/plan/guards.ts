/**
 * Guards: problems that make a plan unsafe to apply. They become `plan.errors` (never
 * thrown), all of them collected, so the CLI can refuse before the first mutation.
 */
import { LIMITS, type DesiredGroup, type MovedKey } from '../model/group.js';
import { plural } from '../util/plural.js';
import { GUARD_NAMES, type GuardCount, type GuardName, type Plan, type PlanError } from './types.js';

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
export function missingUsers(desired: DesiredGroup, users: readonly string[]): PlanError {
  const who = users.length === 1 ? `user ${users[0]} does not` : `users ${users.join(', ')} do not`;
  return error(desired, `${who} exist in the app; register them first or fix the config (--no-check-users skips this check)`);
}

/** One live group, two keys: applying both would fight over it. */
export function sharedId(desired: DesiredGroup, id: string, otherKey: string): PlanError {
  return error(desired, `id ${id} is also bound to group ${otherKey}`);
}

/** `id:` and the state file name different groups: say how to settle it either way. */
export function idDisagrees(desired: DesiredGroup, id: string, bound: string): PlanError {
  return error(
    desired,
    `id: ${id} disagrees with the state file, which binds ${desired.key} to group ${bound}. ` +
      `If ${bound} is right, set id: "${bound}" or remove the id: line; ` +
      `if ${id} is right, rebind the key with "npx groupctl import ${desired.key} ${id}"`,
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

/**
 * Dismiss steps need `--allow-dismiss`: `apply` refuses them without it and `plan` says so
 * in the same words (CONTRACT.md "plan takes the same guard flags as apply").
 */
export function dismissRefusal(plan: Pick<Plan, 'steps'>, allowDismiss: boolean): PlanError[] {
  const dismissals = plan.steps.filter((s) => s.action === 'dismiss').length;
  if (dismissals === 0 || allowDismiss) return [];
  return [{ message: `${plural(dismissals, 'dismiss step')}: pass --allow-dismiss to allow them` }];
}

/** Memberships a plan ends: remove-member steps and the members of the groups it dismisses. A remove-admin removes nobody. */
export function countRemovals(plan: Pick<Plan, 'steps'>): number {
  let count = 0;
  for (const step of plan.steps) {
    if (step.action === 'remove-member') count += 1;
    else if (step.action === 'dismiss') count += step.details.members ?? 0;
  }
  return count;
}

/** What each guard counts in a plan: a pure function of the plan, so a saved plan is counted the same. */
export function countGuards(plan: Pick<Plan, 'steps' | 'binding_changes'>): Record<GuardName, number> {
  return {
    removals: countRemovals(plan),
    recreates: plan.steps.filter((s) => s.action === 'create' && s.details.replaces !== undefined).length,
    forgets: (plan.binding_changes ?? []).filter((c) => c.change === 'forget').length,
  };
}

/** The limits a plan and an apply check; undefined = the default, null = unlimited. */
export type GuardLimits = Partial<Record<GuardName, number | null>>;

/** What the default limits are computed from (the plan's own fields). */
export type GuardBases = Pick<Plan, 'live_members' | 'bound_groups' | 'state_bindings'>;

/** The defaults: removals max(10, 25% of live members), recreates and forgets max(3, 10% of their base). */
export function defaultGuardLimits(bases: GuardBases): Record<GuardName, number> {
  return {
    removals: Math.max(10, Math.ceil(0.25 * bases.live_members)),
    recreates: Math.max(3, Math.floor(0.1 * (bases.bound_groups ?? 0))),
    forgets: Math.max(3, Math.floor(0.1 * (bases.state_bindings ?? 0))),
  };
}

/** Counts and limits together, limits given or defaulted. */
export function measureGuards(plan: Pick<Plan, 'steps' | 'binding_changes'> & GuardBases, limits: GuardLimits = {}): Record<GuardName, GuardCount> {
  const counts = countGuards(plan);
  const defaults = defaultGuardLimits(plan);
  const measured = {} as Record<GuardName, GuardCount>;
  for (const name of GUARD_NAMES) {
    const given = limits[name];
    measured[name] = { count: counts[name], limit: given === undefined ? defaults[name] : given };
  }
  return measured;
}

/** The refusal of each guard whose count is over its limit. */
export function guardErrors(guards: Record<GuardName, GuardCount>): PlanError[] {
  const errors: PlanError[] = [];
  for (const name of GUARD_NAMES) {
    const { count, limit } = guards[name];
    if (limit === null || count <= limit) continue;
    errors.push({ guard: name, message: GUARD_MESSAGES[name](count, limit) });
  }
  return errors;
}

const GUARD_MESSAGES: Record<GuardName, (count: number, limit: number) => string> = {
  removals: (count, limit) =>
    `this plan removes ${plural(count, 'membership')} (remove-member steps and members of dismissed groups), ` +
    `more than --max-removals ${limit}; check it, then raise --max-removals`,
  recreates: (count, limit) =>
    `this plan creates ${plural(count, 'bound group')} again because ${count === 1 ? 'it no longer exists' : 'they no longer exist'} live, ` +
    `more than ${limit} (max(3, 10% of the bound groups)). A wrong base URL or app looks exactly like this: ` +
    'check GROUPCTL_BASE_URL and the credentials; if the groups really were deleted, pass --allow-recreate',
  forgets: (count, limit) =>
    `this plan forgets ${plural(count, 'binding')} (removed:), more than --max-forget ${limit}; ` +
    'check the removed: lists, then raise --max-forget',
};

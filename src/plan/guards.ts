/**
 * The counted guards (peribolos' removal delta): removals, recreates and forgets counted
 * from the plan itself against one GuardLimits, the same from the flag to the planner to
 * apply; and the dismiss refusal of `--allow-dismiss`. Plan errors of single groups are
 * in plan-errors.ts.
 */
import { plural } from '../util/plural.js';
import { GUARD_NAMES, type GuardCount, type GuardName, type Plan, type PlanError } from './types.js';

/**
 * Dismiss steps need `--allow-dismiss`: `apply` refuses them without it and `plan` says so
 * in the same words (CONTRACT.md "plan takes the same guard flags as apply"). `rerun` is the
 * command to paste, the user's own flags repeated (the CLI's; a library caller has none).
 */
export function dismissRefusal(plan: Pick<Plan, 'steps'>, allowDismiss: boolean, rerun?: string): PlanError[] {
  const dismissals = plan.steps.filter((s) => s.action === 'dismiss').length;
  if (dismissals === 0 || allowDismiss) return [];
  const hint = rerun === undefined ? '' : ` ("${rerun}")`;
  return [{ message: `${plural(dismissals, 'dismiss step')}: pass --allow-dismiss to allow them${hint}` }];
}

/** Memberships a plan ends: remove-member and block steps (a block removes the member) and the members of the groups it dismisses. A remove-admin removes nobody. */
export function countRemovals(plan: Pick<Plan, 'steps'>): number {
  let count = 0;
  for (const step of plan.steps) {
    if (step.action === 'remove-member' || step.action === 'block') count += 1;
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
    `this plan removes ${plural(count, 'membership')} (remove-member and block steps, and members of dismissed groups), ` +
    `more than --max-removals ${limit}; check it, then raise --max-removals`,
  recreates: (count, limit) =>
    `this plan creates ${plural(count, 'bound group')} again because ${count === 1 ? 'it no longer exists' : 'they no longer exist'} live, ` +
    `more than ${limit} (max(3, 10% of the bound groups)). A wrong base URL or app looks exactly like this: ` +
    'check GROUPCTL_BASE_URL and the credentials; if the groups really were deleted, pass --allow-recreate',
  forgets: (count, limit) =>
    `this plan forgets ${plural(count, 'binding')} (removed:), more than --max-forget ${limit}; ` +
    'check the removed: lists, then raise --max-forget',
};

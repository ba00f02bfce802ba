/**
 * The apply half of a run: interrupted creates settled first, the refusals counted once
 * with the run's GuardLimits, then the plan carried out through apply/.
 */
import { applyPlan, type ApplyOptions, type ApplyReport, checkApplyGuards, IntentConflictError, resolveIntents } from '../apply/index.js';
import { dismissRefusal, type Plan } from '../plan/index.js';
import type { StateStore } from '../state/index.js';
import { bareRerun, type Rerun } from '../util/rerun.js';
import type { ServiceSession } from './session.js';
import type { PlanScope } from './settings.js';
import { UserError } from './user-error.js';

/** Creates an earlier apply left unfinished, settled before anything is planned; `note` hears what was found. */
export async function settleIntents(state: StateStore, session: ServiceSession, note: (text: string) => void, rerun: Rerun = bareRerun): Promise<void> {
  try {
    for (const text of await resolveIntents(state, session.service, rerun)) note(text);
  } catch (e) {
    if (!(e instanceof IntentConflictError)) throw e;
    for (const text of e.notes) note(text);
    throw new UserError(
      `an earlier apply was interrupted while creating groups, and groupctl cannot tell which live group is which:\n` +
        e.problems.map((p) => `  - ${p}`).join('\n'),
      { cause: e },
    );
  }
}

/**
 * What forbids applying `plan` with this run's guard flags; empty: it may go ahead. A plan
 * made in this run was counted by the planner with the same GuardLimits, so its guard
 * errors are the refusals; a saved plan is counted here, with this apply's limits, never
 * the ones it was made with (the permission is given to the apply that acts).
 */
export function refusalsToApply(plan: Plan, scope: PlanScope, madeNow: boolean): string[] {
  const rerun = scope.rerun ?? bareRerun;
  if (!madeNow) return checkApplyGuards(plan, { allowDismiss: scope.allowDismiss === true, limits: scope.limits ?? {}, rerun });
  const problems = plan.errors.filter((e) => e.guard === undefined).map((e) => (e.group ? `plan error in ${e.group}: ${e.message}` : `plan error: ${e.message}`));
  for (const e of dismissRefusal(plan, scope.allowDismiss === true, rerun('apply', ['--allow-dismiss']))) problems.push(e.message);
  for (const e of plan.errors) if (e.guard !== undefined) problems.push(e.message);
  return problems;
}

/** Carries out a plan refusalsToApply let through: the guards are not counted again. */
export function applyChecked(
  plan: Plan,
  session: ServiceSession,
  state: StateStore,
  options: Pick<ApplyOptions, 'signal' | 'onEvent'> & { scope: PlanScope },
): Promise<ApplyReport> {
  const { scope, ...rest } = options;
  return applyPlan(plan, {
    service: session.service,
    state,
    groupsAtOnce: session.groupsAtOnce,
    allowDismiss: scope.allowDismiss === true,
    limits: scope.limits ?? {},
    guardsChecked: true,
    ...(scope.rerun ? { rerun: scope.rerun } : {}),
    // The plan's own strategy first: a saved plan creates as it was reviewed (checkSavedPlanStrategy refused a conflict).
    ...((plan.id_strategy ?? scope.idStrategy) !== undefined ? { idStrategy: plan.id_strategy ?? scope.idStrategy! } : {}),
    ...rest,
  });
}

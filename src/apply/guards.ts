/**
 * Guards that refuse the whole apply before the first mutation (peribolos' removal
 * delta): a guard failure fails the plan, never half an apply. The counting lives in the
 * planner (plan/guards.ts), so `plan` shows the same refusals; apply counts again with
 * its own limits, which also covers a saved plan.
 */
import { dismissRefusal, guardErrors, measureGuards, type GuardLimits } from '../plan/index.js';
import { type Plan } from '../plan/types.js';
import { type ApplyOptions } from './types.js';

/** Problems that forbid applying this plan; empty means it may go ahead. */
export function checkApplyGuards(
  plan: Plan,
  o: Pick<ApplyOptions, 'allowDismiss' | 'maxRemovals' | 'allowRecreate' | 'maxForgets'>,
): string[] {
  const problems: string[] = [];
  for (const e of plan.errors) {
    if (e.guard !== undefined) continue; // counted again below, with apply's limits
    problems.push(e.group ? `plan error in ${e.group}: ${e.message}` : `plan error: ${e.message}`);
  }
  for (const e of dismissRefusal(plan, o.allowDismiss)) problems.push(e.message);
  for (const e of guardErrors(measureGuards(plan, applyLimits(o)))) problems.push(e.message);
  return problems;
}

/**
 * Apply's limits: its own options, else the defaults. Never the limits a saved plan was
 * made with: like `--allow-dismiss`, the permission is given to the apply that acts.
 */
export function applyLimits(o: Pick<ApplyOptions, 'maxRemovals' | 'allowRecreate' | 'maxForgets'>): GuardLimits {
  const limits: GuardLimits = {};
  if (o.maxRemovals !== undefined) limits.removals = o.maxRemovals;
  if (o.allowRecreate === true) limits.recreates = null;
  if (o.maxForgets !== undefined) limits.forgets = o.maxForgets;
  return limits;
}

/** The CLI's default removal limit: a quarter of the live members, at least 10. */
export function defaultMaxRemovals(plan: Pick<Plan, 'live_members'>): number {
  return Math.max(10, Math.ceil(0.25 * plan.live_members));
}

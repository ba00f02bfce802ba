/**
 * Guards that refuse the whole apply before the first mutation (peribolos' removal
 * delta): a guard failure fails the plan, never half an apply. The counting lives in the
 * planner (plan/guards.ts), so `plan` shows the same refusals; apply counts again with
 * its own limits (never the ones a saved plan was made with: like `--allow-dismiss`, the
 * permission is given to the apply that acts).
 */
import { dismissRefusal, guardErrors, measureGuards } from '../plan/index.js';
import { type Plan } from '../plan/types.js';
import { type Rerun } from '../util/rerun.js';
import { type ApplyOptions } from './types.js';

/** Problems that forbid applying this plan; empty means it may go ahead. */
export function checkApplyGuards(
  plan: Plan,
  o: Pick<ApplyOptions, 'allowDismiss' | 'limits'> & { rerun?: Rerun },
): string[] {
  const problems: string[] = [];
  for (const e of plan.errors) {
    if (e.guard !== undefined) continue; // counted again below, with apply's limits
    problems.push(e.group ? `plan error in ${e.group}: ${e.message}` : `plan error: ${e.message}`);
  }
  for (const e of dismissRefusal(plan, o.allowDismiss, o.rerun?.('apply', ['--allow-dismiss']))) problems.push(e.message);
  for (const e of guardErrors(measureGuards(plan, o.limits ?? {}))) problems.push(e.message);
  return problems;
}

/**
 * Guards that refuse the whole apply before the first mutation (peribolos' removal
 * delta): a guard failure fails the plan, never half an apply.
 */
import { countRemovals } from '../plan/guards.js';
import { type Plan } from '../plan/types.js';
import { plural } from '../util/plural.js';
import { type ApplyOptions } from './types.js';

/** Problems that forbid applying this plan; empty means it may go ahead. */
export function checkApplyGuards(
  plan: Plan,
  o: Pick<ApplyOptions, 'allowDismiss' | 'maxRemovals'>,
): string[] {
  const problems: string[] = [];
  for (const e of plan.errors) {
    problems.push(e.group ? `plan error in ${e.group}: ${e.message}` : `plan error: ${e.message}`);
  }
  const dismissals = plan.steps.filter((s) => s.action === 'dismiss').length;
  if (dismissals > 0 && !o.allowDismiss) {
    problems.push(`${plural(dismissals, 'dismiss step')}: pass --allow-dismiss to allow them`);
  }
  const removals = countRemovals(plan);
  if (removals > o.maxRemovals) {
    problems.push(
      `this plan removes ${removals} members/admins, more than --max-removals ${o.maxRemovals}; ` +
        'check it, then raise --max-removals',
    );
  }
  return problems;
}

/** The CLI's default removal limit: a quarter of the live members, at least 10. */
export function defaultMaxRemovals(plan: Pick<Plan, 'live_members'>): number {
  return Math.max(10, Math.ceil(0.25 * plan.live_members));
}

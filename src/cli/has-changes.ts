/** Whether a plan changes anything: plan's exit code 2 and apply's go-ahead both ask it, so it lives outside both commands. */
import { type Plan } from '../plan/index.js';

/** Steps or binding changes; keys merely not in this configuration (`unmanaged`) are no change. */
export function hasChanges(plan: Plan): boolean {
  return plan.steps.length > 0 || (plan.binding_changes ?? []).length > 0;
}

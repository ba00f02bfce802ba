/**
 * The planner: a pure function of the desired state, the bindings and the live groups.
 * No I/O, no clock: same input, same JSON.
 */
import { liveMemberCount, type Binding, type DesiredState, type LiveGroup } from '../model/group.js';
import { ACTIONS, PLAN_FORMAT_VERSION, type Action, type Plan, type PlanError, type Step, type Unmanaged } from './types.js';
import { sharedId } from './guards.js';
import { resolveId } from './identity.js';
import { planGroup } from './plan-group.js';
import { compareText, sorted } from './sets.js';

export interface PlanInput {
  desired: DesiredState;
  /** From the state file: key -> binding. */
  bindings: ReadonlyMap<string, Binding>;
  /** By group id: every id resolved from config `id:` or a binding was looked up; null = not found live. */
  live: ReadonlyMap<string, LiveGroup | null>;
}

export function makePlan(input: PlanInput): Plan {
  const steps: Step[] = [];
  const errors: PlanError[] = [];
  const unmanaged: Unmanaged[] = [];
  const creates: string[] = [];
  const claimedBy = new Map<string, string>();

  for (const key of sorted(input.desired.groups.keys())) {
    const desired = input.desired.groups.get(key)!;
    const id = resolveId(desired, input.bindings);
    if (id !== undefined) {
      const other = claimedBy.get(id);
      if (other !== undefined) {
        errors.push(sharedId(desired, id, other));
        continue;
      }
      claimedBy.set(id, key);
    }
    const outcome = planGroup(desired, id, input.bindings.get(key), input.live);
    for (const step of outcome.steps) steps.push(step);
    for (const error of outcome.errors) errors.push(error);
    if (outcome.unmanaged) unmanaged.push(outcome.unmanaged);
    if (outcome.creates) creates.push(key);
  }

  for (const [key, binding] of input.bindings) {
    if (!input.desired.groups.has(key)) unmanaged.push({ group: key, group_id: binding.id, reason: 'no longer in config' });
  }
  unmanaged.sort((a, b) => compareText(a.group, b.group));

  return {
    format_version: PLAN_FORMAT_VERSION,
    steps,
    summary: summarize(steps),
    unmanaged,
    creates,
    errors,
    live_members: countLiveMembers(input.live),
  };
}

function summarize(steps: readonly Step[]): Record<Action, number> {
  const summary = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<Action, number>;
  for (const step of steps) summary[step.action] += 1;
  return summary;
}

/** Owner excluded, admins included, over every live group that was read. */
function countLiveMembers(live: ReadonlyMap<string, LiveGroup | null>): number {
  let total = 0;
  for (const group of live.values()) if (group) total += liveMemberCount(group) - 1;
  return total;
}

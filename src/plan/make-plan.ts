/**
 * The planner: a pure function of the desired state, the bindings and the live groups.
 * No I/O, no clock: same input, same JSON.
 */
import { liveMemberCount, type Binding, type DesiredState, type LiveGroup } from '../model/group.js';
import { ACTIONS, PLAN_FORMAT_VERSION, type Action, type Plan, type PlanError, type Step, type Unmanaged } from './types.js';
import { sharedId } from './guards.js';
import { resolveId } from './identity.js';
import { planGroup, type Claims } from './plan-group.js';
import { compareText, sorted } from './sets.js';

export interface PlanInput {
  desired: DesiredState;
  /** From the state file: key -> binding. */
  bindings: ReadonlyMap<string, Binding>;
  /** By group id: every id resolved from config `id:` or a binding was looked up; null = not found live. */
  live: ReadonlyMap<string, LiveGroup | null>;
  /**
   * Live groups that a create could be meant for (the app's group list, read only when
   * the plan creates something). A create whose owner and name match exactly one of them
   * that no key is bound to becomes an import of it; its details must be in `live`.
   * Absent: creates are not matched (a plan made without reading the list).
   */
  candidates?: readonly Candidate[];
}

/** A row of the app's group list, as the planner matches creates against it. */
export interface Candidate {
  id: string;
  /** Bare user id. */
  owner: string;
  name: string;
}

export function makePlan(input: PlanInput): Plan {
  const steps: Step[] = [];
  const errors: PlanError[] = [];
  const unmanaged: Unmanaged[] = [];
  const creates: string[] = [];
  const claimedBy = new Map<string, string>();
  const claims = candidateClaims(input, claimedBy);

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
    const outcome = planGroup(desired, id, input.bindings.get(key), input.live, claims);
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

/**
 * Candidates by owner and name, and the ids no create may take: every id a key is bound to
 * (state or `id:`, in config or not) and every id this plan has claimed so far.
 */
function candidateClaims(input: PlanInput, claimedBy: Map<string, string>): Claims | undefined {
  if (input.candidates === undefined) return undefined;
  const taken = new Set<string>();
  for (const binding of input.bindings.values()) taken.add(binding.id);
  for (const group of input.desired.groups.values()) if (group.id !== undefined) taken.add(group.id);
  const byOwnerAndName = new Map<string, Candidate[]>();
  for (const c of input.candidates) {
    const k = matchKey(c.owner, c.name);
    byOwnerAndName.set(k, [...(byOwnerAndName.get(k) ?? []), c]);
  }
  return {
    find: (owner, name) => (byOwnerAndName.get(matchKey(owner, name)) ?? []).filter((c) => !taken.has(c.id) && !claimedBy.has(c.id)),
    claim: (id, key) => claimedBy.set(id, key),
  };
}

/** User ids are case-insensitive (FACTS.md); names are compared exactly. */
function matchKey(owner: string, name: string): string {
  return `${owner.toLowerCase()}\u0000${name}`;
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

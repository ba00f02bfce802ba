/**
 * The planner: a pure function of the desired state, the bindings, the live groups and the
 * guard limits. No I/O, no clock: same input, same JSON.
 */
import { liveMemberCount, type Binding, type DesiredState, type LiveGroup } from '../model/group.js';
import {
  ACTIONS,
  PLAN_FORMAT_VERSION,
  type Action,
  type BindingChange,
  type Plan,
  type PlanError,
  type PlanWarning,
  type Step,
  type Unmanaged,
} from './types.js';
import { boundElsewhere, guardErrors, idDisagrees, measureGuards, sharedId, unknownTarget, type GuardLimits } from './guards.js';
import { planGroup, type Claims } from './plan-group.js';
import { plannedId, resolveKeys } from './resolve-keys.js';
import { suggestMoves } from './suggest-moves.js';
import { globToRegExp } from './targets.js';
import { compareText } from '../util/compare-text.js';

export interface PlanInput {
  desired: DesiredState;
  /** From the state file: key -> binding (every key, declared or not). */
  bindings: ReadonlyMap<string, Binding>;
  /**
   * By group id: every id a planned key resolves to (config `id:`, its binding, or a move)
   * was looked up; null = not found live. Ids of undeclared bindings may be here too: they
   * let the plan suggest a `moved:` entry instead of a second group.
   */
  live: ReadonlyMap<string, LiveGroup | null>;
  /** `--target` patterns (`*` globs); absent or empty: every key. */
  targets?: readonly string[];
  /** Guard limits (apply's flags); a limit left out takes its default, null is unlimited. */
  limits?: GuardLimits;
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
  const resolved = resolveKeys(input.desired, input.bindings, input.targets, input.live);
  const errors: PlanError[] = [...resolved.errors];
  const changes: BindingChange[] = [...resolved.changes];
  const creates: string[] = [];
  const claimedBy = new Map<string, string>();
  // Bindings the plan leaves in place but that are not its keys': a key of this plan must not take their group.
  const planned = new Set(resolved.groups.map((g) => g.key));
  const movedAway = new Set(changes.map((c) => c.from ?? c.group));
  const otherOwners = new Map<string, string>();
  for (const [key, binding] of input.bindings) {
    if (!planned.has(key) && !movedAway.has(key)) otherOwners.set(binding.id, key);
  }
  let liveMembers = 0;
  let boundGroups = 0;
  const claims = candidateClaims(input, claimedBy);

  for (const desired of resolved.groups) {
    if (resolved.blocked.has(desired.key)) continue;
    const binding = resolved.bindings.get(desired.key);
    if (desired.id !== undefined && binding !== undefined && binding.id !== desired.id) {
      errors.push(idDisagrees(desired, desired.id, binding.id));
      continue;
    }
    const id = plannedId(desired, resolved.bindings);
    if (id !== undefined) {
      const other = claimedBy.get(id);
      if (other !== undefined) {
        errors.push(sharedId(desired, id, other));
        continue;
      }
      const outside = otherOwners.get(id);
      if (outside !== undefined) {
        errors.push(boundElsewhere(desired, id, outside, input.desired.groups.has(outside)));
        continue;
      }
      claimedBy.set(id, desired.key);
      boundGroups += 1;
      const found = input.live.get(id);
      if (found) liveMembers += liveMemberCount(found) - 1;
    }
    const outcome = planGroup(desired, id, binding, input.live, claims);
    for (const step of outcome.steps) steps.push(step);
    for (const error of outcome.errors) errors.push(error);
    if (outcome.change) changes.push(outcome.change);
    if (outcome.creates) creates.push(desired.key);
  }

  const unmanaged: Unmanaged[] = resolved.kept.map((key) => ({
    group: key,
    group_id: input.bindings.get(key)!.id,
    reason: 'not in this configuration: binding kept, nothing planned',
  }));
  for (const pattern of input.targets ?? []) {
    if (!matchesAnyKey(pattern, input.desired, input.bindings)) errors.push(unknownTarget(pattern));
  }
  const warnings: PlanWarning[] = suggestMoves(steps, unmanaged, input.live);
  changes.sort((a, b) => compareText(a.group, b.group));

  const bases = { live_members: liveMembers, bound_groups: boundGroups, state_bindings: input.bindings.size };
  const guards = measureGuards({ steps, binding_changes: changes, ...bases }, input.limits);
  errors.push(...guardErrors(guards));
  const plan: Plan = {
    format_version: PLAN_FORMAT_VERSION,
    steps,
    summary: summarize(steps),
    unmanaged,
    binding_changes: changes,
    warnings,
    guards,
    creates,
    errors,
    ...bases,
  };
  if (input.targets !== undefined && input.targets.length > 0) plan.targets = [...input.targets];
  return plan;
}

function matchesAnyKey(pattern: string, desired: DesiredState, bindings: ReadonlyMap<string, Binding>): boolean {
  const re = globToRegExp(pattern);
  if ([...desired.groups.keys()].some((k) => re.test(k))) return true;
  if ([...bindings.keys()].some((k) => re.test(k))) return true;
  return (desired.moved ?? []).some((m) => re.test(m.from) || re.test(m.to)) || (desired.removed ?? []).some((r) => re.test(r.key));
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

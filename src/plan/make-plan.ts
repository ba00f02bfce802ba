/**
 * The planner: a pure function of the desired state, the bindings, the live groups and the
 * guard limits. No I/O, no clock: same input, same JSON.
 */
import { liveMemberCount, ownerAndName, type Binding, type DesiredGroup, type DesiredState, type LiveGroup } from '../model/group.js';
import {
  PLAN_FORMAT_VERSION,
  type BindingChange,
  type Candidate,
  type Plan,
  type PlanError,
  type PlanWarning,
  type Step,
  type Unmanaged,
} from './types.js';
import { guardErrors, measureGuards, type GuardLimits } from './guards.js';
import { boundElsewhere, idDisagrees, sharedId, unknownTarget } from './plan-errors.js';
import { planGroup, type Claims } from './plan-group.js';
import { resolveKeys } from './resolve-keys.js';
import { scaleWarnings } from './scale-warnings.js';
import { renamedKeyErrors } from './suggest-moves.js';
import { countStepsByAction } from './step-counts.js';
import { globToRegExp } from './targets.js';
import { compareText } from '../util/compare-text.js';
import { type Rerun } from '../util/rerun.js';
import { append } from '../util/append.js';

/** Everything the planner needs, read before it runs: it does no I/O of its own. */
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
  /** The command an error tells the user to run (the CLI's repeats the user's flags); default the bare command. */
  rerun?: Rerun;
  /**
   * Live groups that a create could be meant for (the app's group list, read only when
   * the plan creates something). A create whose owner and name match exactly one of them
   * that no key is bound to becomes an import of it; its details must be in `live`.
   * Absent: creates are not matched (a plan made without reading the list).
   */
  candidates?: readonly Candidate[];
  /**
   * Bound group ids whose live read could not be completed, with why (a member list
   * read short of the group's count): their keys get that as a plan error and no steps,
   * and every other group plans on. They are not in `live`.
   */
  unreadable?: ReadonlyMap<string, string>;
  /**
   * The most `custom` characters the connection's base allows (FACTS.md: 1024 on an
   * Easemob base, 8192 on an Agora `/app-id/` base); validate allows the larger. Absent: the
   * schema's limit only.
   */
  customLength?: number;
}

/** The plan that makes the live groups match the config, with every guard's count and every refusal. */
export function makePlan(input: PlanInput): Plan {
  const steps: Step[] = [];
  const resolved = resolveKeys(input.desired, input.bindings, input.targets, input.live);
  const errors: PlanError[] = [...resolved.errors];
  const changes: BindingChange[] = [...resolved.changes];
  const creates: string[] = [];
  const outside = resolved.everyBindingPlanned ? new Map<string, string>() : bindingsOutsidePlan(input.bindings, resolved.groups, changes);
  const ids: IdClaims = { claimedBy: new Map(), outside };
  let liveMembers = 0;
  let boundGroups = 0;
  const claims = candidateClaims(input, ids.claimedBy);
  const warnings: PlanWarning[] = [];

  for (const [i, desired] of resolved.groups.entries()) {
    if (resolved.blocked.has(desired.key)) continue;
    const binding = resolved.bindingAt(i);
    const id = desired.id ?? binding?.id;
    const refused = refuseId(desired, binding, id, ids, input) ?? unreadError(desired, id, input.unreadable) ?? customTooLong(desired, input.customLength);
    if (refused !== undefined) {
      errors.push(refused);
      continue;
    }
    if (id !== undefined) {
      ids.claimedBy.set(id, desired.key);
      boundGroups += 1;
      const found = input.live.get(id);
      if (found) liveMembers += liveMemberCount(found) - 1;
    }
    const outcome = planGroup(desired, id, binding, input.live, claims);
    for (const step of outcome.steps) steps.push(step);
    for (const error of outcome.errors) errors.push(error);
    if (outcome.change) changes.push(outcome.change);
    if (outcome.creates) creates.push(desired.key);
    if (outcome.warnings) warnings.push(...outcome.warnings);
  }

  const unmanaged = listUnmanaged(resolved.kept, input.bindings);
  for (const pattern of input.targets ?? []) if (!matchesAnyKey(pattern, input.desired, input.bindings)) errors.push(unknownTarget(pattern));
  append(errors, renamedKeyErrors(steps, unmanaged, input.live));
  sortWarnings(warnings, scaleWarnings(resolved.groups, new Set(creates)));
  changes.sort((a, b) => compareText(a.group, b.group));

  const bases = { live_members: liveMembers, bound_groups: boundGroups, state_bindings: input.bindings.size };
  const guards = measureGuards({ steps, binding_changes: changes, ...bases }, input.limits);
  errors.push(...guardErrors(guards));
  const plan: Plan = {
    format_version: PLAN_FORMAT_VERSION,
    steps,
    summary: countStepsByAction(steps),
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

/** Adds `more` to the groups' own warnings and sorts them all by key, keeping each key's in order. */
function sortWarnings(warnings: PlanWarning[], more: readonly PlanWarning[]): void {
  append(warnings, more);
  warnings.sort((a, b) => compareText(a.group ?? '', b.group ?? ''));
}

/** The plan error of a key whose group could not be read whole; undefined when it was. */
function unreadError(desired: DesiredGroup, id: string | undefined, unreadable: PlanInput['unreadable']): PlanError | undefined {
  const why = id === undefined ? undefined : unreadable?.get(id);
  if (why === undefined) return undefined;
  return { group: desired.key, message: `${why}. Apply refuses a plan with this error: run plan again later, or apply the other groups with --target` };
}

/** The plan error of a `custom` longer than the base allows; code points, as the schema counts. */
function customTooLong(desired: DesiredGroup, limit: number | undefined): PlanError | undefined {
  const custom = desired.settings.custom;
  if (limit === undefined || custom === undefined) return undefined;
  const length = [...custom].length;
  if (length <= limit) return undefined;
  return {
    group: desired.key,
    message: `custom is ${length} characters; this base allows at most ${limit} (FACTS.md: 1024 on an Easemob /{org}/{app} base, 8192 on an Agora /app-id/ base)`,
  };
}

/** Bound keys this configuration does not declare: listed with their ids, bindings kept, nothing planned. */
function listUnmanaged(kept: readonly string[], bindings: ReadonlyMap<string, Binding>): Unmanaged[] {
  return kept.map((key) => ({ group: key, group_id: bindings.get(key)!.id, reason: 'not in this configuration: binding kept, nothing planned' }));
}

/** Which key holds each live id: keys of this plan so far, and bindings the plan leaves to keys it does not plan. */
interface IdClaims {
  claimedBy: Map<string, string>;
  outside: ReadonlyMap<string, string>;
}

/**
 * Bindings the plan leaves in place but that are not its keys' (not planned, not moved
 * away), by id: a key of this plan must not take their group.
 */
function bindingsOutsidePlan(bindings: ReadonlyMap<string, Binding>, planned: readonly DesiredGroup[], changes: readonly BindingChange[]): Map<string, string> {
  const keys = new Set(planned.map((g) => g.key));
  const movedAway = new Set(changes.map((c) => c.from ?? c.group));
  const outside = new Map<string, string>();
  for (const [key, binding] of bindings) {
    if (!keys.has(key) && !movedAway.has(key)) outside.set(binding.id, key);
  }
  return outside;
}

/** Why a key may not be planned against its id (its `id:` disagrees with its binding, or another key holds the id); undefined when it may. */
function refuseId(desired: DesiredGroup, binding: Binding | undefined, id: string | undefined, ids: IdClaims, input: PlanInput): PlanError | undefined {
  const declared = input.desired;
  if (desired.id !== undefined && binding !== undefined && binding.id !== desired.id) return idDisagrees(desired, desired.id, binding.id, input.rerun);
  if (id === undefined) return undefined;
  const other = ids.claimedBy.get(id);
  if (other !== undefined) return sharedId(desired, id, other);
  const outside = ids.outside.get(id);
  if (outside !== undefined) return boundElsewhere(desired, id, outside, declared.groups.has(outside));
  return undefined;
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
    const k = ownerAndName(c.owner, c.name);
    byOwnerAndName.set(k, [...(byOwnerAndName.get(k) ?? []), c]);
  }
  return {
    find: (owner, name) => (byOwnerAndName.get(ownerAndName(owner, name)) ?? []).filter((c) => !taken.has(c.id) && !claimedBy.has(c.id)),
    claim: (id, key) => claimedBy.set(id, key),
  };
}

/**
 * Config, state and live groups to the plan the CLI prints: the read, the import pass,
 * the missing users and the refusals. `groupctl plan` and the library both call it, so
 * the same inputs give the same plan.
 */
import { countAppGroups, countUserGroups, findMissingUsers, searchAhead, type CandidateSearch, type ReadLiveOptions, type WantedGroup } from '../live/index.js';
import { type DesiredGroup, type DesiredState, type GroupIdVerdict, type IdStrategy, type LiveGroup } from '../model/group.js';
import { dismissRefusal, idsToRead, makePlan, type Plan, type PlanError, READ_DETAILS, resolveKeys, usersNamed, usersToLookUp, withLimitErrors, withMissingUsers, type LiveCounts } from '../plan/index.js';
import type { StateStore } from '../state/index.js';
import { bareRerun } from '../util/rerun.js';
import { readLiveGroups, readsByOwner, type ReadProgress } from './read-live-groups.js';
import { timeCpu } from './run-stats.js';
import { type ServiceSession } from './session.js';
import { idStrategyOf, type PlanScope } from './settings.js';

/** A plan made from config, state and live groups, with the refusals of the run's guard flags. */
export interface PlannedConfiguration {
  live: Map<string, LiveGroup | null>;
  /** The plan as `plan --out` seals and saves it: without the refusals, which apply makes again with its own flags. */
  plan: Plan;
  /** What apply would refuse beyond plan.errors (dismiss steps without --allow-dismiss). */
  refusals: PlanError[];
  /** The plan `groupctl plan` prints (and `--format json` writes): plan with the refusals among its errors. */
  shown: Plan;
}

/** The plan `groupctl plan` makes and prints for the same config, state and live groups. */
export async function planConfiguration(
  desired: DesiredState,
  state: StateStore,
  session: ServiceSession,
  options: { scope?: PlanScope; progress?: ReadProgress } = {},
): Promise<PlannedConfiguration> {
  const { scope = {}, progress } = options;
  const { live, plan } = await readAndPlan(desired, state, session, progress, scope);
  const refusals = dismissRefusal(plan, scope.allowDismiss === true, (scope.rerun ?? bareRerun)('plan', ['--allow-dismiss']));
  return { live, plan, refusals, shown: withRefusals(plan, refusals) };
}

/** The plan with refusals among its errors (how plan shows what apply would refuse). */
export function withRefusals(plan: Plan, refusals: readonly PlanError[]): Plan {
  return refusals.length > 0 ? { ...plan, errors: [...plan.errors, ...refusals] } : plan;
}

/**
 * Reads what the plan needs and makes it, telling the truth about what apply will meet:
 * - the bound groups, read in the fewest calls (live/read-live);
 * - only when the plan creates groups: one pass over the app's group list for live groups
 *   bound to no key with a create's owner and name, whose details are then read too, so
 *   the planner imports such a group instead of creating a second one; for keys bound to
 *   no group the pass starts beside the reads (live/find-candidates: searchAhead);
 * - the users the steps would add, one look-up each, so a missing user is a plan error;
 * - and at least one authenticated call, so bad credentials fail the plan even when
 *   there is nothing to read.
 */
export async function readAndPlan(
  desired: DesiredState,
  state: StateStore,
  session: ServiceSession,
  progress?: ReadProgress,
  scope: PlanScope = {},
): Promise<{ live: Map<string, LiveGroup | null>; plan: Plan }> {
  const { checkUsers = true, allowDismiss: _, usersHint, idStrategy: __, ...narrowing } = scope;
  const bindings = state.bindings();
  // Once for the read; makePlan resolves again with what the read found (a move onto a key whose group is gone).
  const resolved = resolveKeys(desired, bindings, narrowing.targets);
  const ids = idsToRead(desired, bindings, resolved);
  const boundIds = () => new Set([...bindings.values()].map((b) => b.id));
  const search = searchAhead(session.service, surelyCreated(desired, ids.unbound), boundIds);
  const incomplete: NonNullable<ReadLiveOptions['incomplete']> = new Map();
  const keepNames = usersNamed(desired);
  const readsOf = readsByOwner(resolved);
  const live = await readLiveGroups(session, ids.planned, {
    reads: (id, snapshot) => readsOf(id, snapshot.owner),
    incomplete,
    keepNames,
    membersUnread: (id, owner) => !readsOf(id, owner).members,
    ...(progress ? { progress } : {}),
  });
  // Kept bindings matter only when something may be created: then a renamed key shows by owner and name.
  const mayCreate = ids.unbound.length > 0 || [...live.values()].some((g) => g === null);
  if (mayCreate && ids.kept.length > 0) {
    for (const [id, group] of await readLiveGroups(session, ids.kept, { reads: () => READ_DETAILS, keepNames, membersUnread: () => true })) live.set(id, group);
  }
  const unreadable = new Map([...incomplete].map(([id, error]) => [id, error.message]));
  const customLength = session.customLength;
  let plan = timeCpu(() => makePlan({ desired, bindings, live, unreadable, customLength, ...narrowing }));

  const wanted = wantedByCreates(plan);
  if (wanted.length > 0) {
    const candidates = await search.candidatesFor(wanted);
    if (candidates.length > 0) {
      const unread = candidates.map((c) => c.id).filter((id) => !live.has(id));
      for (const [id, group] of await readLiveGroups(session, unread)) live.set(id, group);
      plan = timeCpu(() => makePlan({ desired, bindings, live, unreadable, customLength, ...narrowing, candidates }));
    }
  }

  if (checkUsers) {
    const missing = await findMissingUsers(session.service, usersToLookUp(plan, live.values()), session.groupsAtOnce);
    plan = withMissingUsers(plan, desired, missing, usersHint);
  }
  if (desired.limits !== undefined) plan = withLimitErrors(plan, desired, await countForLimits(desired, plan, session, search));
  if (session.stats().requests === 0) await proveAccess(session);
  // Recorded only where it matters, so a saved plan creates the way it was reviewed.
  if (plan.steps.some((s) => s.action === 'create')) plan = withIdStrategy(plan, idStrategyOf(scope, desired), state.groupid);
  return { live, plan };
}

/**
 * The live counts the stated limits need, read only when the plan creates groups. The app's
 * groups come from the candidate pass a creating plan has made already, not a second walk of the list.
 */
async function countForLimits(desired: DesiredState, plan: Plan, session: ServiceSession, search: CandidateSearch): Promise<LiveCounts> {
  const owners = plan.steps.flatMap((s) => (s.action === 'create' ? [s.details.owner] : []));
  const counts: LiveCounts = {};
  if (owners.length === 0) return counts;
  if (desired.limits?.groups_per_app !== undefined) counts.appGroups = search.appGroupCount() ?? (await countAppGroups(session.service));
  if (desired.limits?.groups_per_user !== undefined) counts.userGroups = await countUserGroups(session.service, owners, session.groupsAtOnce);
  return counts;
}

/** The plan with the strategy its creates use, and a warning when the app ignored a chosen groupid before (StateData.groupid). */
function withIdStrategy(plan: Plan, strategy: IdStrategy, before: GroupIdVerdict | undefined): Plan {
  if (strategy !== 'chosen' || before !== 'ignored') return { ...plan, id_strategy: strategy };
  const message =
    'this app ignored groupid when an earlier apply sent chosen ids (the state file says so): the first create of the apply tries again, ' +
    'and if the app still ignores it the rest of that apply uses service ids (a lost create answer is then found by owner and name, not by id)';
  return { ...plan, id_strategy: strategy, warnings: [{ message }, ...plan.warnings] };
}

/** Owner and name of the unbound keys that no `moved:` entry may bind: they will be created. */
function surelyCreated(desired: DesiredState, unbound: readonly DesiredGroup[]): WantedGroup[] {
  const movedTo = new Set((desired.moved ?? []).map((m) => m.to));
  const wanted: WantedGroup[] = [];
  for (const group of unbound) {
    const name = group.settings.name;
    if (group.owner !== undefined && name !== undefined && !movedTo.has(group.key)) wanted.push({ owner: group.owner, name });
  }
  return wanted;
}

/** Owner and name of every create that has a name (a group without one cannot be matched). */
function wantedByCreates(plan: Plan): WantedGroup[] {
  const wanted: WantedGroup[] = [];
  for (const step of plan.steps) {
    if (step.action === 'create' && step.details.settings.name !== undefined) wanted.push({ owner: step.details.owner, name: step.details.settings.name });
  }
  return wanted;
}

/** The cheapest authenticated call (one group of the list): a wrong token fails here, not at apply. */
async function proveAccess(session: ServiceSession): Promise<void> {
  for await (const _ of session.service.listGroups(1)) break;
}

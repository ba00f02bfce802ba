/**
 * `apply --plan FILE`: the saved plan read at the boundary, and checked again against the
 * world as it is now, because between plan and apply the state file may have been rolled
 * back or restored and the live groups changed by hand.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkPlanState, checkSavedPlan } from '../apply/index.js';
import { findCandidates, type WantedGroup } from '../live/index.js';
import { ownerAndName } from '../model/group.js';
import { decodeSavedPlan, fingerprintCoverage, fingerprintGroup, type Plan, PlanDecodeError, READ_ALL } from '../plan/index.js';
import type { StateStore } from '../state/index.js';
import { bareRerun, type Rerun } from '../util/rerun.js';
import { readLiveGroups, type ReadProgress } from './read-live-groups.js';
import type { ServiceSession } from './session.js';
import type { PlanScope } from './settings.js';
import { UserError } from './user-error.js';
import { append } from '../util/append.js';

/** The saved plan, decoded at the boundary (plan/decode-plan.ts); any problem names the file. */
export async function readSavedPlan(file: string, rerun: Rerun = bareRerun): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read the saved plan ${file}: ${(e as Error).message}`, { cause: e });
  }
  try {
    return decodeSavedPlan(text);
  } catch (e) {
    if (!(e instanceof PlanDecodeError)) throw e;
    // Each problem is located as a config error is: the file, then the JSON path inside it.
    const lines = e.problems.map((p) => `  - ${path.basename(file)}: ${p}`).join('\n');
    throw new UserError(
      `the saved plan ${file} cannot be applied:\n${lines}\nNothing was changed. Make a new plan with "${rerun('plan', ['--out', path.basename(file)])}" and apply that.`,
      { cause: e },
    );
  }
}

/** Refuses a saved plan made from another state file, or from this one before a rollback (lineage, serial). */
export function checkSavedPlanState(plan: Plan, name: string, state: StateStore, rerun: Rerun = bareRerun): void {
  const wrongState = checkPlanState(plan, state);
  if (wrongState) throw new UserError(`refusing the saved plan ${name}: ${wrongState}\nA new plan: "${rerun('plan', ['--out', name])}".`);
}

/**
 * Refuses a saved plan whose creates were reviewed with one id strategy when this apply
 * asks for the other: the review said who picks the ids, so the apply never changes it.
 */
export function checkSavedPlanStrategy(plan: Plan, name: string, scope: PlanScope): void {
  if (plan.id_strategy === undefined || scope.idStrategy === undefined || plan.id_strategy === scope.idStrategy) return;
  throw new UserError(
    `refusing the saved plan ${name}: it was made with id strategy ${plan.id_strategy}, but this apply asks for ${scope.idStrategy} ` +
      `(--id-strategy or GROUPCTL_ID_STRATEGY). Nothing was changed. Apply it without them, or make a new plan with --id-strategy ${scope.idStrategy}.`,
  );
}

/**
 * Refuses a saved plan the world has moved under: a group it touches changed, a key it
 * creates got bound, or a group it creates now exists live by owner and name (the same
 * check plan makes). A reviewed create is never turned into an import: the review did
 * not say "import"; a new plan does.
 */
export async function recheckSavedPlan(
  plan: Plan,
  name: string,
  context: { state: StateStore; session: ServiceSession; progress?: ReadProgress; rerun?: Rerun },
): Promise<void> {
  const { state, session, progress, rerun = bareRerun } = context;
  // Re-read only what the fingerprints cover: a group whose steps are settings only needs its details alone.
  const coverage = fingerprintCoverage(plan);
  const readsOf = (id: string) => coverage.get(id) ?? READ_ALL;
  const fresh = await readLiveGroups(session, Object.keys(plan.fingerprints ?? {}), { reads: readsOf, ...(progress ? { progress } : {}) });
  const problems = checkSavedPlan(plan, fresh, state.bindings(), (g) => fingerprintGroup(g, g === null ? READ_ALL : readsOf(g.id)));
  if (problems.length === 0) append(problems, await createsFoundLive(plan, state, session));
  if (problems.length > 0) {
    throw new UserError(
      `the saved plan ${name} is stale:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
        `Nothing was changed. Run "${rerun('plan', ['--out', name])}" again, review it, and apply the new plan.`,
    );
  }
}

/** The plan's creates that a live group bound to no key now matches by owner and name. */
async function createsFoundLive(plan: Plan, state: StateStore, session: ServiceSession): Promise<string[]> {
  const creates: Array<WantedGroup & { key: string }> = [];
  for (const s of plan.steps) {
    if (s.action === 'create' && s.details.settings.name !== undefined) creates.push({ key: s.group, owner: s.details.owner, name: s.details.settings.name });
  }
  if (creates.length === 0) return [];
  const bound = new Set([...state.bindings().values()].map((b) => b.id));
  const found = await findCandidates(session.service, creates, bound);
  const problems: string[] = [];
  for (const c of creates) {
    const same = found.filter((g) => ownerAndName(g.owner, g.name) === ownerAndName(c.owner, c.name)).map((g) => g.id);
    if (same.length === 0) continue;
    problems.push(
      `${c.key}: the plan creates "${c.name}" (owner ${c.owner}), but live group ${same.join(', ')} now has that owner and name and no key is bound to it ` +
        '(the state file may have been rolled back or restored from an older copy, or the group was made by hand); a new plan imports it instead of creating a second one',
    );
  }
  return problems;
}

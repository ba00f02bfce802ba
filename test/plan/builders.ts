/** Tiny builders for planner tests: a desired group, a live group, and a plan over them. */
import type { Binding, DesiredGroup, DesiredState, LiveGroup } from '../../src/model/group.js';
import type { GuardLimits } from '../../src/plan/guards.js';
import { makePlan, type Candidate } from '../../src/plan/make-plan.js';
import type { Plan, Step } from '../../src/plan/types.js';
import { expectPlanMatchesSchema } from '../helpers/plan-schema.js';

export function desired(key: string, fields: Partial<Omit<DesiredGroup, 'key'>> = {}): DesiredGroup {
  return {
    key,
    source: { file: 'groups/test.yaml', line: 1, col: 1 },
    settings: {},
    owner: 'alice',
    ensure: 'present',
    protect: false,
    ...fields,
  };
}

export function live(id: string, fields: Partial<Omit<LiveGroup, 'id'>> = {}): LiveGroup {
  return {
    id,
    settings: { name: 'G', max_users: 200 },
    disabled: false,
    owner: 'alice',
    admins: [],
    members: [],
    created: 1_700_000_000_000,
    ...fields,
  };
}

export interface Scenario {
  groups: DesiredGroup[];
  /** Live groups, found by their id. */
  live?: LiveGroup[];
  /** Ids that were looked up and not found. */
  missing?: string[];
  bindings?: Record<string, Binding | string>;
  /** `moved:` entries as [from, to]. */
  moved?: [string, string][];
  /** `removed:` keys. */
  removed?: string[];
  targets?: string[];
  limits?: GuardLimits;
  /** Rows of the app's group list that creates are matched against (PlanInput.candidates). */
  candidates?: Candidate[];
  /**
   * Inputs the config never produces (user ids with capitals: config lowercases them), to
   * show the planner matches users case-insensitively; such a plan is not held to
   * schemas/plan.schema.json, whose user ids are lowercase.
   */
  rawUsers?: boolean;
}

const at = { file: 'groups/test.yaml', line: 9, col: 3 };

export function plan({ groups, live: found = [], missing = [], bindings = {}, moved, removed, targets, limits, candidates, rawUsers }: Scenario): Plan {
  const liveMap = new Map<string, LiveGroup | null>(found.map((g) => [g.id, g]));
  for (const id of missing) liveMap.set(id, null);
  const bindingMap = new Map(
    Object.entries(bindings).map(([k, b]): [string, Binding] => [k, typeof b === 'string' ? { id: b } : b]),
  );
  const desiredState: DesiredState = { groups: new Map(groups.map((g) => [g.key, g])), files: [] };
  if (moved) desiredState.moved = moved.map(([from, to]) => ({ from, to, source: at }));
  if (removed) desiredState.removed = removed.map((key) => ({ key, source: at }));
  const made = makePlan({
    desired: desiredState,
    bindings: bindingMap,
    live: liveMap,
    ...(targets ? { targets } : {}),
    ...(limits ? { limits } : {}),
    ...(candidates ? { candidates } : {}),
  });
  if (rawUsers !== true) expectPlanMatchesSchema(made);
  return made;
}

/** One line per step, as a reviewer would read it: `key action what`. */
export function brief(step: Step): string {
  const head = `${step.group} ${step.action}`;
  switch (step.action) {
    case 'create':
      return `${head} owner=${step.details.owner} members=${step.details.members.join(',')}`;
    case 'import':
      return `${head} ${step.group_id}`;
    case 'update':
      return `${head} ${Object.entries(step.details.changes)
        .map(([k, c]) => `${k}:${JSON.stringify(c?.from)}->${JSON.stringify(c?.to)}`)
        .join(' ')}`;
    case 'transfer':
      return `${head} ${step.details.from}->${step.details.to}`;
    case 'add-member':
    case 'remove-member':
    case 'add-admin':
    case 'remove-admin':
      return `${head} ${step.details.user}`;
    case 'dismiss':
      return `${head} owner=${step.details.owner}`;
    case 'enable':
    case 'disable':
      return head;
  }
}

export function briefs(p: Plan): string[] {
  return p.steps.map(brief);
}

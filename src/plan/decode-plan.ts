/**
 * Decodes a saved plan (`plan --out`) at the boundary, by the schema the package ships
 * (schemas/plan.schema.json, compiled by plan/plan-schema.ts): the file is outside data,
 * so it is checked once, here, and apply never casts it. Each step is checked against its
 * own action's shape; schema-messages.ts says what is wrong in our words, at the JSON path.
 * Only what a schema cannot say is checked in code: the format version (like Terraform's
 * planfile reader, a version it does not know is refused), the fields a saved plan has
 * that a printed one may lack, what the parts say about each other, and the digest (a plan
 * edited after it was saved is refused).
 */
import { digestPlan } from './fingerprint.js';
import { FRAME, planValidators, STEP_PREFIX, type PlanValidators } from './plan-schema.js';
import { describeSchemaErrors, quoted } from './schema-messages.js';
import { countStepsByAction } from './step-counts.js';
import { ACTIONS, PLAN_FORMAT_VERSION, type BindingChange, type Plan, type Step } from './types.js';
import { append } from '../util/append.js';

/** The saved plan cannot be used; `problems` says why, one line each, with the JSON path. */
export class PlanDecodeError extends Error {
  override readonly name = 'PlanDecodeError';
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

/** Shown, not more: one broken file should not print thousands of lines. */
const MAX_PROBLEMS = 20;

/**
 * Fields the Plan type has that the schema leaves optional (plans printed by older
 * versions lack some): `plan --out` always writes them.
 */
const SAVED_FIELDS = ['binding_changes', 'warnings', 'guards', 'bound_groups', 'state_bindings', 'fingerprints', 'serial', 'digest'] as const;

type Json = Record<string, unknown>;

/**
 * Marks the JSON adds for reviewers, outside the digest, never read back: one missing is
 * no reason to refuse (a step added by hand is refused by the digest, which says so).
 */
const OUTPUT_ONLY = ['risky', 'notable'];

/**
 * A saved plan from its text: the schema's shape, the output-only `risky` and `notable`
 * marks dropped, the parts in agreement and a matching digest required (`printed`: or a
 * plan printed by `plan --format json`, without them). Throws PlanDecodeError naming every
 * problem found (up to a limit).
 */
export function decodeSavedPlan(text: string, options: { printed?: boolean } = {}): Plan {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PlanDecodeError([`not JSON (${(error as Error).message})`]);
  }
  const problems = shapeProblems(value);
  const plan = problems.length === 0 ? withoutMarks(value as Plan) : undefined;
  if (plan) append(problems, meaningProblems(plan, options.printed === true));
  if (problems.length > 0 || !plan) {
    const shown = problems.slice(0, MAX_PROBLEMS);
    if (problems.length > MAX_PROBLEMS) shown.push(`... and ${problems.length - MAX_PROBLEMS} more`);
    throw new PlanDecodeError(shown);
  }
  return plan;
}

/** What the schema refuses: the plan around its steps, then each step against its own action. */
function shapeProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['not a JSON object'];
  const version = versionProblem((value as Json).format_version);
  if (version) return [version];
  const validators = planValidators();
  const frame = validators[FRAME]!;
  const problems = frame(value) ? [] : describeSchemaErrors(frame.errors ?? [], value);
  const steps = (value as Json).steps;
  if (Array.isArray(steps)) steps.forEach((step, i) => problems.push(...stepProblems(validators, step, `steps[${i}]`)));
  return problems;
}

function versionProblem(version: unknown): string | undefined {
  if (version === PLAN_FORMAT_VERSION) return undefined;
  if (typeof version === 'number' && version > PLAN_FORMAT_VERSION) {
    return `format_version is ${version}: the plan was made by a newer groupctl; this one reads format_version ${PLAN_FORMAT_VERSION} (upgrade groupctl, or make the plan again with this version)`;
  }
  return `format_version is ${quoted(version)}; this groupctl reads format_version ${PLAN_FORMAT_VERSION} (make the plan again with this version)`;
}

/** A step told against the shape of its own action (the schema's `step_<action>`), not against every action. */
function stepProblems(validators: PlanValidators, step: unknown, at: string): string[] {
  if (typeof step !== 'object' || step === null || Array.isArray(step)) return [`${at}: ${step === null ? 'null' : Array.isArray(step) ? 'a list' : typeof step}, expected an object`];
  const action = (step as Json).action;
  const name = `${STEP_PREFIX}${String(action)}`;
  if (typeof action !== 'string' || !Object.hasOwn(validators, name)) return [`${at}.action: ${quoted(action)} is not one of ${stepActions(validators).join(', ')}`];
  const validate = validators[name]!;
  if (validate(step)) return [];
  const errors = (validate.errors ?? []).filter((e) => !(e.keyword === 'required' && OUTPUT_ONLY.includes((e.params as { missingProperty: string }).missingProperty)));
  return describeSchemaErrors(errors, step, at);
}

/** The actions the schema has a step shape for. */
export function stepActions(validators: PlanValidators = planValidators()): string[] {
  return Object.keys(validators)
    .filter((name) => name.startsWith(STEP_PREFIX))
    .map((name) => name.slice(STEP_PREFIX.length));
}

/** `risky` and `notable` are output only (render-json): dropped here, so they never reach apply or its report. */
function withoutMarks(plan: Plan): Plan {
  const steps = plan.steps.map((step) => {
    const { risky: _risky, notable: _notable, ...rest } = step as Step & { risky?: true; notable?: true };
    return rest as Step;
  });
  return { ...plan, steps };
}

/**
 * What the schema cannot say: saved-only fields, the parts agreeing with each other, then the
 * digest. `printed`: a plan printed by `--format json` may lack the saved-only fields (and
 * so the digest); `comment` reads those too.
 */
function meaningProblems(plan: Plan, printed: boolean): string[] {
  const missing = SAVED_FIELDS.filter((field) => plan[field] === undefined);
  if (missing.length > 0 && !printed) return [`it has no ${missing.join(', ')}: it was not saved by "groupctl plan --out FILE"`];
  const problems = [...summaryProblems(plan), ...groupOrderProblems(plan.steps), ...plan.binding_changes.flatMap(moveProblems)];
  if (problems.length === 0 && missing.length === 0 && digestPlan(plan) !== plan.digest) {
    problems.push('its content does not match its own digest: the file was changed after "groupctl plan --out" saved it');
  }
  return problems;
}

/** The summary is derived from the steps: one that disagrees means the steps were edited. */
function summaryProblems(plan: Plan): string[] {
  const counted = countStepsByAction(plan.steps);
  return ACTIONS.filter((action) => counted[action] !== plan.summary[action]).map(
    (action) => `summary.${action} is ${plan.summary[action]}, but the steps hold ${counted[action]}`,
  );
}

/**
 * Apply runs a group's steps in order from one id: a group either is created by its
 * first step (which cannot name an id yet) or names the same id on every step.
 */
function groupOrderProblems(steps: readonly Step[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, { id?: string; creates: boolean }>();
  steps.forEach((step, i) => {
    if (step.action === 'create' && step.group_id !== undefined) problems.push(`steps[${i}]: a create step cannot name a group_id`);
    const group = seen.get(step.group);
    if (group === undefined) {
      seen.set(step.group, { id: step.group_id, creates: step.action === 'create' });
      if (step.action !== 'create' && step.group_id === undefined) problems.push(`steps[${i}]: ${step.action} of ${step.group} names no group_id and no create comes before it`);
      return;
    }
    if (step.action === 'create' || step.action === 'import') problems.push(`steps[${i}]: ${step.action} of ${step.group} is not the group's first step`);
    if (step.group_id !== undefined && step.group_id !== group.id && !group.creates) {
      problems.push(`steps[${i}]: group ${step.group} names group_id ${step.group_id} after ${group.id ?? 'none'}`);
    }
  });
  return problems;
}

function moveProblems(change: BindingChange, i: number): string[] {
  return change.change === 'move' && change.from === undefined ? [`binding_changes[${i}]: a move needs the key it comes from`] : [];
}

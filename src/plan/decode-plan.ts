/**
 * Decodes a saved plan (`plan --out`) at the boundary: the file is outside data, so every
 * field is checked and turned into a Plan once, here; apply never casts it. Like
 * Terraform's planfile reader it refuses a format it does not know, and it refuses a
 * plan whose content does not match its own digest (the file was edited after it was
 * saved). The fields are read by decode-fields.ts, the steps by decode-step.ts and the
 * other parts by decode-entries.ts; this file checks that the parts agree.
 */
import { digestPlan } from './fingerprint.js';
import { count, isObject, key, list, sha256, text } from './decode-fields.js';
import { decodeBindingChange, decodeError, decodeFingerprints, decodeGuards, decodeSummary, decodeUnmanaged, decodeWarning } from './decode-entries.js';
import { decodeStep } from './decode-step.js';
import { countStepsByAction } from './step-counts.js';
import { ACTIONS, PLAN_FORMAT_VERSION, type Plan, type Step } from './types.js';

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
 * A saved plan from its text: every field checked, `risky` dropped, fingerprints and a
 * matching digest required. Throws PlanDecodeError naming every problem found.
 */
export function decodeSavedPlan(text: string): Plan {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PlanDecodeError([`not JSON (${(error as Error).message})`]);
  }
  const problems: string[] = [];
  const plan = decodePlan(value, problems);
  if (plan !== undefined && problems.length === 0) {
    if (plan.fingerprints === undefined || plan.digest === undefined || plan.serial === undefined) {
      problems.push('it has no fingerprints, serial or digest: it was not saved by "groupctl plan --out FILE"');
    } else if (digestPlan(plan) !== plan.digest) {
      problems.push('its content does not match its own digest: the file was changed after "groupctl plan --out" saved it');
    }
  }
  if (problems.length > 0 || plan === undefined) {
    const shown = problems.slice(0, MAX_PROBLEMS);
    if (problems.length > MAX_PROBLEMS) shown.push(`... and ${problems.length - MAX_PROBLEMS} more`);
    throw new PlanDecodeError(shown);
  }
  return plan;
}

/** The top level of a plan: every known field; any other field is refused. */
const TOP_LEVEL: Record<string, true> = {
  format_version: true,
  steps: true,
  summary: true,
  unmanaged: true,
  errors: true,
  creates: true,
  fingerprints: true,
  live_members: true,
  binding_changes: true,
  warnings: true,
  guards: true,
  targets: true,
  bound_groups: true,
  state_bindings: true,
  lineage: true,
  app: true,
  serial: true,
  digest: true,
};

function decodePlan(value: unknown, problems: string[]): Plan | undefined {
  if (!isObject(value)) {
    problems.push('not a JSON object');
    return undefined;
  }
  if (value.format_version !== PLAN_FORMAT_VERSION) {
    problems.push(
      `format_version is ${JSON.stringify(value.format_version)}; this groupctl reads format_version ${PLAN_FORMAT_VERSION} (make the plan again with this version)`,
    );
    return undefined;
  }
  for (const key of Object.keys(value)) if (!TOP_LEVEL[key]) problems.push(`unknown field ${JSON.stringify(key)}`);

  const steps = list(value.steps, 'steps', problems, (item, at) => decodeStep(item, at, problems));
  const plan: Plan = {
    format_version: PLAN_FORMAT_VERSION,
    steps,
    summary: decodeSummary(value.summary, problems),
    unmanaged: list(value.unmanaged, 'unmanaged', problems, (item, at) => decodeUnmanaged(item, at, problems)),
    errors: list(value.errors, 'errors', problems, (item, at) => decodeError(item, at, problems)),
    binding_changes: list(value.binding_changes, 'binding_changes', problems, (item, at) => decodeBindingChange(item, at, problems)),
    warnings: list(value.warnings, 'warnings', problems, (item, at) => decodeWarning(item, at, problems)),
    guards: decodeGuards(value.guards, problems),
    live_members: count(value.live_members, 'live_members', problems),
    bound_groups: count(value.bound_groups, 'bound_groups', problems),
    state_bindings: count(value.state_bindings, 'state_bindings', problems),
  };
  if (value.targets !== undefined) plan.targets = list(value.targets, 'targets', problems, (item, at) => text(item, at, problems));
  if (value.creates !== undefined) plan.creates = list(value.creates, 'creates', problems, (item, at) => key(item, at, problems));
  if (value.fingerprints !== undefined) plan.fingerprints = decodeFingerprints(value.fingerprints, problems);
  if (value.lineage !== undefined) plan.lineage = text(value.lineage, 'lineage', problems);
  if (value.app !== undefined) plan.app = text(value.app, 'app', problems);
  if (value.serial !== undefined) plan.serial = count(value.serial, 'serial', problems);
  if (value.digest !== undefined) plan.digest = sha256(value.digest, 'digest', problems);
  checkSummary(plan, problems);
  checkGroupOrder(steps, problems);
  return plan;
}

/** The summary is derived from the steps: one that disagrees means the steps were edited. */
function checkSummary(plan: Plan, problems: string[]): void {
  const counted = countStepsByAction(plan.steps);
  for (const action of ACTIONS) {
    if (counted[action] !== plan.summary[action]) problems.push(`summary.${action} is ${plan.summary[action]}, but the steps hold ${counted[action]}`);
  }
}

/**
 * Apply runs a group's steps in order from one id: a group either is created by its
 * first step or names the same id on every step.
 */
function checkGroupOrder(steps: readonly Step[], problems: string[]): void {
  const seen = new Map<string, { id?: string; creates: boolean }>();
  steps.forEach((step, i) => {
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
}

/**
 * Decodes a saved plan (`plan --out`) at the boundary: the file is outside data, so every
 * field is checked and turned into a Plan once, here; apply never casts it. Like
 * Terraform's planfile reader it refuses a format it does not know, and it refuses a
 * plan whose content does not match its own digest (the file was edited after it was
 * saved). Output-only fields of the JSON (`risky`) are dropped.
 */
import { LIMITS, SETTING_NAMES, type SettingName, type Settings } from '../model/group.js';
import { digestPlan } from './fingerprint.js';
import {
  ACTIONS,
  GUARD_NAMES,
  PLAN_FORMAT_VERSION,
  type Action,
  type BindingChange,
  type BindingChangeKind,
  type GuardCount,
  type GuardName,
  type Plan,
  type PlanError,
  type PlanWarning,
  type Step,
  type Unmanaged,
} from './types.js';

/** The saved plan cannot be used; `problems` says why, one line each, with the JSON path. */
export class PlanDecodeError extends Error {
  override readonly name = 'PlanDecodeError';
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

/** Config keys (the schema's rule). */
const KEY_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,127}$/;
/** Live ids: digits on the service; anything that could change a URL's path is refused. */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const SHA256 = /^[0-9a-f]{64}$/;
/** Shown, not more: one broken file should not print thousands of lines. */
const MAX_PROBLEMS = 20;

type Obj = Record<string, unknown>;

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

/** The top level of a plan: every known field and its decoder; any other field is refused. */
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
  if (value.serial !== undefined) plan.serial = count(value.serial, 'serial', problems);
  if (value.digest !== undefined) plan.digest = match(value.digest, 'digest', SHA256, 'a sha256 in hex', problems);
  checkSummary(plan, problems);
  checkGroupOrder(steps, problems);
  return plan;
}

function decodeStep(value: unknown, at: string, problems: string[]): Step | undefined {
  if (!isObject(value)) return void problems.push(`${at}: not an object`);
  const action = value.action;
  if (typeof action !== 'string' || !(ACTIONS as readonly string[]).includes(action)) {
    return void problems.push(`${at}.action: ${JSON.stringify(action)} is not one of ${ACTIONS.join(', ')}`);
  }
  for (const field of Object.keys(value)) {
    if (!['group', 'group_id', 'action', 'details', 'reason', 'risky'].includes(field)) problems.push(`${at}: unknown field ${JSON.stringify(field)}`);
  }
  const details = DETAILS[action as Action](value.details, `${at}.details`, problems);
  if (details === undefined) return undefined;
  // `risky` is output only (render-json): dropped here, so it never reaches apply or its report.
  const step = { group: key(value.group, `${at}.group`, problems), action, details } as Step;
  if (value.group_id !== undefined) step.group_id = match(value.group_id, `${at}.group_id`, ID_PATTERN, 'a group id', problems);
  if (value.reason !== undefined) step.reason = anyText(value.reason, `${at}.reason`, problems);
  if (action === 'import' && step.group_id === undefined) problems.push(`${at}: an import step needs the group_id it binds`);
  if (action === 'create' && step.group_id !== undefined) problems.push(`${at}: a create step cannot name a group_id`);
  return step;
}

type DetailsDecoder = (value: unknown, at: string, problems: string[]) => unknown;

const userDetails: DetailsDecoder = (value, at, problems) => {
  const o = fields(value, at, ['user'], [], problems);
  return o && { user: user(o.user, `${at}.user`, problems) };
};
const emptyDetails: DetailsDecoder = (value, at, problems) => fields(value, at, [], [], problems) && {};

/** Per action, the shape of its details (types.ts DetailsByAction). */
const DETAILS: Record<Action, DetailsDecoder> = {
  create: (value, at, problems) => {
    const o = fields(value, at, ['settings', 'owner', 'members'], ['replaces'], problems);
    if (!o) return undefined;
    const details = {
      settings: decodeSettings(o.settings, `${at}.settings`, problems),
      owner: user(o.owner, `${at}.owner`, problems),
      members: list(o.members, `${at}.members`, problems, (item, where) => user(item, where, problems)),
    };
    return o.replaces === undefined ? details : { ...details, replaces: match(o.replaces, `${at}.replaces`, ID_PATTERN, 'a group id', problems) };
  },
  import: (value, at, problems) => {
    const o = fields(value, at, ['owner', 'name'], [], problems);
    return o && { owner: text(o.owner, `${at}.owner`, problems), name: text(o.name, `${at}.name`, problems) };
  },
  update: (value, at, problems) => {
    const o = fields(value, at, ['changes'], [], problems);
    if (!o) return undefined;
    if (!isObject(o.changes) || Object.keys(o.changes).length === 0) return void problems.push(`${at}.changes: not an object of changed settings`);
    const changes: Obj = {};
    for (const [name, change] of Object.entries(o.changes)) {
      const where = `${at}.changes.${name}`;
      if (!isSetting(name)) {
        problems.push(`${where}: not a setting (${SETTING_NAMES.join(', ')})`);
        continue;
      }
      const c = fields(change, where, ['from', 'to'], [], problems);
      if (!c) continue;
      changes[name] = {
        from: c.from === null ? null : settingValue(name, c.from, `${where}.from`, problems),
        to: settingValue(name, c.to, `${where}.to`, problems),
      };
    }
    return { changes };
  },
  transfer: (value, at, problems) => {
    const o = fields(value, at, ['from', 'to'], [], problems);
    return o && { from: text(o.from, `${at}.from`, problems), to: user(o.to, `${at}.to`, problems) };
  },
  'add-member': userDetails,
  'remove-member': (value, at, problems) => {
    const o = fields(value, at, ['user'], [], problems);
    return o && { user: text(o.user, `${at}.user`, problems) };
  },
  'add-admin': userDetails,
  'remove-admin': (value, at, problems) => {
    const o = fields(value, at, ['user'], [], problems);
    return o && { user: text(o.user, `${at}.user`, problems) };
  },
  enable: emptyDetails,
  disable: emptyDetails,
  dismiss: (value, at, problems) => {
    const o = fields(value, at, [], ['owner', 'members'], problems);
    if (!o) return undefined;
    const details: Obj = {};
    if (o.owner !== undefined) details.owner = text(o.owner, `${at}.owner`, problems);
    if (o.members !== undefined) details.members = count(o.members, `${at}.members`, problems);
    return details;
  },
};

function decodeSettings(value: unknown, at: string, problems: string[]): Settings {
  const settings: Obj = {};
  if (!isObject(value)) {
    problems.push(`${at}: not an object`);
    return settings;
  }
  for (const [name, v] of Object.entries(value)) {
    if (isSetting(name)) settings[name] = settingValue(name, v, `${at}.${name}`, problems);
    else problems.push(`${at}.${name}: not a setting (${SETTING_NAMES.join(', ')})`);
  }
  return settings as Settings;
}

const STRING_SETTINGS: Partial<Record<SettingName, number>> = {
  name: LIMITS.nameLength,
  description: LIMITS.descriptionLength,
  avatar: LIMITS.avatarLength,
  custom: LIMITS.customLength,
};

function settingValue(name: SettingName, value: unknown, at: string, problems: string[]): unknown {
  const length = STRING_SETTINGS[name];
  if (length !== undefined) {
    if (typeof value === 'string' && value.length <= length) return value;
    problems.push(`${at}: expected a string of at most ${length} characters`);
  } else if (name === 'max_users') {
    if (Number.isSafeInteger(value) && (value as number) >= 1) return value;
    problems.push(`${at}: expected a whole number >= 1`);
  } else {
    if (typeof value === 'boolean') return value;
    problems.push(`${at}: expected true or false`);
  }
  return undefined;
}

function isSetting(name: string): name is SettingName {
  return (SETTING_NAMES as readonly string[]).includes(name);
}

function decodeSummary(value: unknown, problems: string[]): Record<Action, number> {
  const summary = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<Action, number>;
  if (!isObject(value)) {
    problems.push('summary: not an object');
    return summary;
  }
  for (const [name, n] of Object.entries(value)) {
    if (!(ACTIONS as readonly string[]).includes(name)) problems.push(`summary.${name}: not an action`);
    else summary[name as Action] = count(n, `summary.${name}`, problems);
  }
  return summary;
}

/** The summary is derived from the steps: one that disagrees means the steps were edited. */
function checkSummary(plan: Plan, problems: string[]): void {
  const counted = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<Action, number>;
  for (const step of plan.steps) counted[step.action] += 1;
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

function decodeUnmanaged(value: unknown, at: string, problems: string[]): Unmanaged | undefined {
  const o = fields(value, at, ['group', 'group_id'], ['reason'], problems);
  if (!o) return undefined;
  const entry: Unmanaged = { group: key(o.group, `${at}.group`, problems), group_id: match(o.group_id, `${at}.group_id`, ID_PATTERN, 'a group id', problems) };
  if (o.reason !== undefined) entry.reason = anyText(o.reason, `${at}.reason`, problems);
  return entry;
}

function decodeError(value: unknown, at: string, problems: string[]): PlanError | undefined {
  const o = fields(value, at, ['message'], ['group', 'guard'], problems);
  if (!o) return undefined;
  const error: PlanError = { message: anyText(o.message, `${at}.message`, problems) };
  if (o.group !== undefined) error.group = key(o.group, `${at}.group`, problems);
  if (o.guard !== undefined) error.guard = guardName(o.guard, `${at}.guard`, problems);
  return error;
}

function decodeWarning(value: unknown, at: string, problems: string[]): PlanWarning | undefined {
  const o = fields(value, at, ['message'], ['group'], problems);
  if (!o) return undefined;
  const warning: PlanWarning = { message: anyText(o.message, `${at}.message`, problems) };
  if (o.group !== undefined) warning.group = key(o.group, `${at}.group`, problems);
  return warning;
}

const CHANGE_KINDS: readonly BindingChangeKind[] = ['bind', 'move', 'forget'];

function decodeBindingChange(value: unknown, at: string, problems: string[]): BindingChange | undefined {
  const o = fields(value, at, ['change', 'group', 'group_id'], ['from', 'replaces', 'reason'], problems);
  if (!o) return undefined;
  if (typeof o.change !== 'string' || !(CHANGE_KINDS as readonly string[]).includes(o.change)) {
    return void problems.push(`${at}.change: ${JSON.stringify(o.change)} is not one of ${CHANGE_KINDS.join(', ')}`);
  }
  const change: BindingChange = {
    change: o.change as BindingChangeKind,
    group: key(o.group, `${at}.group`, problems),
    group_id: match(o.group_id, `${at}.group_id`, ID_PATTERN, 'a group id', problems),
  };
  if (o.from !== undefined) change.from = key(o.from, `${at}.from`, problems);
  if (o.replaces !== undefined) change.replaces = match(o.replaces, `${at}.replaces`, ID_PATTERN, 'a group id', problems);
  if (o.reason !== undefined) change.reason = anyText(o.reason, `${at}.reason`, problems);
  if (change.change === 'move' && change.from === undefined) problems.push(`${at}: a move needs the key it comes from`);
  return change;
}

function decodeGuards(value: unknown, problems: string[]): Record<GuardName, GuardCount> {
  const guards = Object.fromEntries(GUARD_NAMES.map((name) => [name, { count: 0, limit: 0 }])) as Record<GuardName, GuardCount>;
  const o = fields(value, 'guards', GUARD_NAMES, [], problems);
  if (!o) return guards;
  for (const name of GUARD_NAMES) {
    const g = fields(o[name], `guards.${name}`, ['count', 'limit'], [], problems);
    if (!g) continue;
    guards[name] = { count: count(g.count, `guards.${name}.count`, problems), limit: g.limit === null ? null : count(g.limit, `guards.${name}.limit`, problems) };
  }
  return guards;
}

function guardName(value: unknown, at: string, problems: string[]): GuardName {
  if (typeof value === 'string' && (GUARD_NAMES as readonly string[]).includes(value)) return value as GuardName;
  problems.push(`${at}: ${JSON.stringify(value)} is not one of ${GUARD_NAMES.join(', ')}`);
  return GUARD_NAMES[0]!;
}

function decodeFingerprints(value: unknown, problems: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(value)) {
    problems.push('fingerprints: not an object');
    return out;
  }
  for (const [id, hash] of Object.entries(value)) {
    if (!ID_PATTERN.test(id)) problems.push(`fingerprints: ${JSON.stringify(id)} is not a group id`);
    out[id] = match(hash, `fingerprints.${id}`, SHA256, 'a sha256 in hex', problems);
  }
  return out;
}

// ---- small checkers: each records a problem and returns a placeholder, so one pass finds them all ----

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object with exactly these required and optional fields. */
function fields(value: unknown, at: string, required: readonly string[], optional: readonly string[], problems: string[]): Obj | undefined {
  if (!isObject(value)) {
    problems.push(`${at}: ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}, expected an object${required.length > 0 ? ` with ${required.join(', ')}` : ''}`);
    return undefined;
  }
  let ok = true;
  for (const field of required) {
    if (!(field in value)) {
      problems.push(`${at}: missing ${field}`);
      ok = false;
    }
  }
  for (const field of Object.keys(value)) {
    if (!required.includes(field) && !optional.includes(field)) {
      problems.push(`${at}: unknown field ${JSON.stringify(field)}`);
      ok = false;
    }
  }
  return ok ? value : undefined;
}

function list<T>(value: unknown, at: string, problems: string[], item: (v: unknown, at: string) => T | undefined): T[] {
  if (!Array.isArray(value)) {
    problems.push(`${at}: not a list`);
    return [];
  }
  const out: T[] = [];
  value.forEach((v, i) => {
    const decoded = item(v, `${at}[${i}]`);
    if (decoded !== undefined) out.push(decoded);
  });
  return out;
}

function text(value: unknown, at: string, problems: string[]): string {
  if (typeof value === 'string' && value !== '') return value;
  problems.push(`${at}: expected a non-empty string`);
  return '';
}

/** Free text for people (reasons, messages): any string, empty included. */
function anyText(value: unknown, at: string, problems: string[]): string {
  if (typeof value === 'string') return value;
  problems.push(`${at}: expected a string`);
  return '';
}

function match(value: unknown, at: string, pattern: RegExp, what: string, problems: string[]): string {
  if (typeof value === 'string' && pattern.test(value)) return value;
  problems.push(`${at}: ${JSON.stringify(value)} is not ${what}`);
  return '';
}

function key(value: unknown, at: string, problems: string[]): string {
  return match(value, at, KEY_PATTERN, 'a group key', problems);
}

function user(value: unknown, at: string, problems: string[]): string {
  return match(value, at, LIMITS.userIdPattern, 'a user id', problems);
}

function count(value: unknown, at: string, problems: string[]): number {
  if (Number.isSafeInteger(value) && (value as number) >= 0) return value as number;
  problems.push(`${at}: expected a whole number >= 0`);
  return 0;
}

/**
 * The parts of a saved plan besides its steps: the summary, unmanaged keys, errors,
 * warnings, binding changes, guards and fingerprints, each checked field by field.
 */
import { LIMITS } from '../model/group.js';
import { anyText, count, fields, groupId, isObject, key, sha256 } from './decode-fields.js';
import { countStepsByAction } from './step-counts.js';
import {
  ACTIONS,
  GUARD_NAMES,
  type Action,
  type BindingChange,
  type BindingChangeKind,
  type GuardCount,
  type GuardName,
  type PlanError,
  type PlanWarning,
  type Unmanaged,
} from './types.js';

/** Steps per action as the file states them; every action present (zero when not stated). */
export function decodeSummary(value: unknown, problems: string[]): Record<Action, number> {
  const summary = countStepsByAction([]);
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

/** An `unmanaged` entry: a bound key the configuration does not declare. */
export function decodeUnmanaged(value: unknown, at: string, problems: string[]): Unmanaged | undefined {
  const o = fields(value, at, ['group', 'group_id'], ['reason'], problems);
  if (!o) return undefined;
  const entry: Unmanaged = { group: key(o.group, `${at}.group`, problems), group_id: groupId(o.group_id, `${at}.group_id`, problems) };
  if (o.reason !== undefined) entry.reason = anyText(o.reason, `${at}.reason`, problems);
  return entry;
}

/** A plan error; a guard name, when present, lets apply recount that guard with its own limits. */
export function decodeError(value: unknown, at: string, problems: string[]): PlanError | undefined {
  const o = fields(value, at, ['message'], ['group', 'guard'], problems);
  if (!o) return undefined;
  const error: PlanError = { message: anyText(o.message, `${at}.message`, problems) };
  if (o.group !== undefined) error.group = key(o.group, `${at}.group`, problems);
  if (o.guard !== undefined) error.guard = guardName(o.guard, `${at}.guard`, problems);
  return error;
}

/** A plan warning (a suggested `moved:` entry, say). */
export function decodeWarning(value: unknown, at: string, problems: string[]): PlanWarning | undefined {
  const o = fields(value, at, ['message'], ['group'], problems);
  if (!o) return undefined;
  const warning: PlanWarning = { message: anyText(o.message, `${at}.message`, problems) };
  if (o.group !== undefined) warning.group = key(o.group, `${at}.group`, problems);
  return warning;
}

const CHANGE_KINDS: readonly BindingChangeKind[] = ['bind', 'move', 'forget'];

/** A change of the state file alone; a move must name the key it comes from. */
export function decodeBindingChange(value: unknown, at: string, problems: string[]): BindingChange | undefined {
  const o = fields(value, at, ['change', 'group', 'group_id'], ['from', 'replaces', 'reason'], problems);
  if (!o) return undefined;
  if (typeof o.change !== 'string' || !(CHANGE_KINDS as readonly string[]).includes(o.change)) {
    return void problems.push(`${at}.change: ${JSON.stringify(o.change)} is not one of ${CHANGE_KINDS.join(', ')}`);
  }
  const change: BindingChange = {
    change: o.change as BindingChangeKind,
    group: key(o.group, `${at}.group`, problems),
    group_id: groupId(o.group_id, `${at}.group_id`, problems),
  };
  if (o.from !== undefined) change.from = key(o.from, `${at}.from`, problems);
  if (o.replaces !== undefined) change.replaces = groupId(o.replaces, `${at}.replaces`, problems);
  if (o.reason !== undefined) change.reason = anyText(o.reason, `${at}.reason`, problems);
  if (change.change === 'move' && change.from === undefined) problems.push(`${at}: a move needs the key it comes from`);
  return change;
}

/** Every guard's count and limit; a guard that cannot be read counts 0 of 0 (its problem is recorded). */
export function decodeGuards(value: unknown, problems: string[]): Record<GuardName, GuardCount> {
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

/** Live-state fingerprints by group id. */
export function decodeFingerprints(value: unknown, problems: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(value)) {
    problems.push('fingerprints: not an object');
    return out;
  }
  for (const [id, hash] of Object.entries(value)) {
    if (!LIMITS.groupIdPattern.test(id)) problems.push(`fingerprints: ${JSON.stringify(id)} is not a group id`);
    out[id] = sha256(hash, `fingerprints.${id}`, problems);
  }
  return out;
}

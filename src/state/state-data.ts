/**
 * The state file's content: which live group each key is bound to, and the creates that
 * were started but not yet confirmed (so a crash mid-create can be recognised next run).
 */
import { readFileSync } from 'node:fs';
import type { CreateIntent } from '../apply/apply-state.js';
import { type Binding, groupIdProblem, type GroupIdVerdict } from '../model/group.js';
import { StateError } from './state-error.js';
import { compareText } from '../util/compare-text.js';

export type { CreateIntent };

/** The state file, version 1. Its records have no prototype (emptyState), so a key may be `constructor`. */
export interface StateData {
  version: 1;
  /**
   * Made once, at random, when the file is first written: a saved plan records it, and
   * `apply --plan` refuses a plan made from another state file. Absent in a file written
   * before lineages existed (or in no file yet); the next write adds it.
   */
  lineage?: string;
  /**
   * The app the bindings belong to (api/base-url.ts appIdentity: host and org/app or
   * app-id, no secret), recorded by the first apply; another app is refused before any
   * call. Absent in a new file and in one written before apps were recorded.
   */
  app?: string;
  /**
   * What the app did with a chosen groupid the last time an apply sent one
   * (apply/chosen-ids.ts), so a plan with chosen ids can warn that the app ignored it
   * before. Absent: never sent. Each apply finds out again with its first create.
   */
  groupid?: GroupIdVerdict;
  /** Bumped by every change of the bindings: a saved plan of an older serial is stale. 0 when absent. */
  serial: number;
  bindings: Record<string, Binding>;
  intents: Record<string, CreateIntent>;
}

export function emptyState(): StateData {
  // No prototype: a key named `constructor` or `__proto__` is then a key like any other.
  return { version: 1, serial: 0, bindings: Object.create(null) as StateData['bindings'], intents: Object.create(null) as StateData['intents'] };
}

/**
 * Check one binding's shape; undefined when it is not a binding. Frozen: the state replaces a
 * binding, never changes one, so its sorted view shares it instead of copying (sorted-view.ts).
 */
export function parseBinding(value: unknown): Binding | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { id, written } = value as Record<string, unknown>;
  if (typeof id !== 'string' || groupIdProblem(id) !== undefined) return undefined;
  if (written === undefined) return Object.freeze({ id });
  if (typeof written !== 'object' || written === null) return undefined;
  const { invite_need_confirm: inviteNeedConfirm, allow_invites: allowInvites, ...rest } = written as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return undefined;
  if (inviteNeedConfirm !== undefined && typeof inviteNeedConfirm !== 'boolean') return undefined;
  if (allowInvites !== undefined && typeof allowInvites !== 'boolean') return undefined;
  return Object.freeze({
    id,
    written: Object.freeze({
      ...(inviteNeedConfirm === undefined ? {} : { invite_need_confirm: inviteNeedConfirm }),
      ...(allowInvites === undefined ? {} : { allow_invites: allowInvites }),
    }),
  });
}

/** Check one intent's shape; undefined when it is not an intent. */
export function parseIntent(value: unknown): CreateIntent | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { key, owner, name, started, before } = value as Record<string, unknown>;
  if (typeof key !== 'string' || key === '' || typeof owner !== 'string' || typeof started !== 'number') return undefined;
  if (name !== undefined && typeof name !== 'string') return undefined;
  if (before !== undefined && !(Array.isArray(before) && before.every((id) => groupIdProblem(id) === undefined))) return undefined;
  return {
    key,
    owner,
    ...(name !== undefined ? { name } : {}),
    started,
    ...(before !== undefined ? { before: [...(before as string[])] } : {}),
  };
}

/** Parse a whole state file; returns a reason when it is not one. */
export function parseStateData(text: string): StateData | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `not JSON (${(error as Error).message})`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const raw = value as Record<string, unknown>;
  if (raw.version !== 1) return `unsupported version ${JSON.stringify(raw.version)} (expected 1)`;
  const data = emptyState();
  if (raw.lineage !== undefined) {
    if (typeof raw.lineage !== 'string' || raw.lineage === '') return '"lineage" is not a non-empty string';
    data.lineage = raw.lineage;
  }
  if (raw.app !== undefined) {
    if (typeof raw.app !== 'string' || raw.app === '') return '"app" is not a non-empty string';
    data.app = raw.app;
  }
  if (raw.groupid !== undefined) {
    if (raw.groupid !== 'honoured' && raw.groupid !== 'ignored') return '"groupid" is not "honoured" or "ignored"';
    data.groupid = raw.groupid;
  }
  if (raw.serial !== undefined) {
    if (!Number.isSafeInteger(raw.serial) || (raw.serial as number) < 0) return '"serial" is not a whole number >= 0';
    data.serial = raw.serial as number;
  }
  for (const [field, parse] of [
    ['bindings', parseBinding],
    ['intents', parseIntent],
  ] as const) {
    const section = raw[field] ?? {};
    if (typeof section !== 'object' || section === null || Array.isArray(section)) return `"${field}" is not an object`;
    // Keys, not entries: a pair per binding was 50,000 arrays of garbage (issue 23).
    for (const key of Object.keys(section)) {
      const item = (section as Record<string, unknown>)[key];
      const parsed = parse(item);
      if (!parsed) {
        const idProblem = field === 'bindings' ? groupIdProblem((item as { id?: unknown } | null)?.id) : undefined;
        return idProblem ? `bindings.${key}: ${idProblem}` : `${field}.${key} is malformed`;
      }
      if (field === 'intents' && (parsed as CreateIntent).key !== key) return `intents.${key} names key "${(parsed as CreateIntent).key}"`;
      (data[field] as Record<string, unknown>)[key] = parsed;
    }
  }
  return data;
}

/** No file is an empty state; an unreadable or malformed one is an error, never a reset. */
export function readStateFile(path: string): StateData {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
    throw new StateError(`cannot read state ${path}: ${(error as Error).message}`, { cause: error });
  }
  const data = parseStateData(text);
  if (typeof data === 'string') {
    throw new StateError(`state file ${path} is corrupt: ${data}; fix it or restore it from version control (groupctl never resets state silently)`);
  }
  return data;
}

/** Serialise with keys sorted, so the file diffs cleanly. */
export function formatStateData(data: StateData): string {
  const head = {
    version: 1,
    ...(data.lineage === undefined ? {} : { lineage: data.lineage }),
    ...(data.app === undefined ? {} : { app: data.app }),
    ...(data.groupid === undefined ? {} : { groupid: data.groupid }),
  };
  return JSON.stringify({ ...head, serial: data.serial, bindings: sortKeys(data.bindings), intents: sortKeys(data.intents) }, null, 2) + '\n';
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareText(a, b)));
}

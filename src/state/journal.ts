/**
 * The append-only journal beside the state file: one JSON line per change. Every entry
 * sets or deletes whole fields, so replaying a journal over a file that already holds some
 * or all of its effects gives the same state (a crash between `save`'s rename and its
 * journal removal is harmless).
 */
import { appendFileSync, truncateSync } from 'node:fs';
import { readLinesSync } from '../durable/index.js';
import { type Binding, groupIdProblem, type GroupIdVerdict } from '../model/group.js';
import { StateError } from './state-error.js';
import { type CreateIntent, type StateData, parseBinding, parseIntent } from './state-data.js';

/**
 * One change, as written to the journal. A change of the bindings carries `serial`, the
 * state's serial after it (see StateData.serial); journals written before serials lack it.
 */
export type JournalEntry =
  | { op: 'intent'; intent: CreateIntent }
  | { op: 'bind'; key: string; binding: Binding; serial?: number }
  /** `from`'s binding handed to `key` in one line, so no moment holds two keys on one group. */
  | { op: 'move'; from: string; key: string; binding: Binding; serial?: number }
  /** The app the state belongs to (StateData.app), recorded by the first apply. */
  | { op: 'app'; app: string }
  /** What the app did with a chosen groupid (StateData.groupid). */
  | { op: 'groupid'; groupid: GroupIdVerdict }
  | { op: 'unbind'; key: string; serial?: number }
  | { op: 'clear-intent'; key: string }
  | { op: 'written'; key: string; written: NonNullable<Binding['written']>; serial?: number };

/**
 * Apply one entry to the state in place. The serial moves only when the bindings really
 * change, so replaying an entry the file already holds leaves it as it is.
 */
export function applyEntry(data: StateData, entry: JournalEntry): void {
  switch (entry.op) {
    case 'intent':
      data.intents[entry.intent.key] = entry.intent;
      return;
    case 'bind':
      if (!sameBinding(data.bindings[entry.key], entry.binding)) bumpSerial(data, entry.serial);
      data.bindings[entry.key] = entry.binding;
      delete data.intents[entry.key];
      return;
    case 'move':
      if (data.bindings[entry.from] !== undefined || !sameBinding(data.bindings[entry.key], entry.binding)) bumpSerial(data, entry.serial);
      delete data.bindings[entry.from];
      data.bindings[entry.key] = entry.binding;
      delete data.intents[entry.key];
      return;
    case 'app':
      data.app = entry.app;
      return;
    case 'groupid':
      data.groupid = entry.groupid;
      return;
    case 'unbind':
      if (data.bindings[entry.key] !== undefined) bumpSerial(data, entry.serial);
      delete data.bindings[entry.key];
      return;
    case 'clear-intent':
      delete data.intents[entry.key];
      return;
    case 'written': {
      // An entry for a key unbound later in the same journal: the unbind wins anyway.
      const binding = data.bindings[entry.key];
      if (!binding) return;
      const next = { ...binding, written: { ...binding.written, ...entry.written } };
      if (!sameBinding(binding, next)) bumpSerial(data, entry.serial);
      data.bindings[entry.key] = next;
      return;
    }
  }
}

/** The binding keys an entry may change: none, its key, or a move's two. */
export function bindingKeysOf(entry: JournalEntry): string[] {
  return 'key' in entry ? (entry.op === 'move' ? [entry.from, entry.key] : [entry.key]) : [];
}

/** True when applying the entry would change the bindings (and so the serial). */
export function changesBindings(data: StateData, entry: JournalEntry): boolean {
  // A probe holding only the keys the entry touches: a copy of every binding per change
  // made a 10,000-create apply quadratic. Records without a prototype, like the state's
  // own (a key may be `__proto__`).
  const bindings: Record<string, Binding> = Object.create(null);
  for (const key of bindingKeysOf(entry)) if (Object.hasOwn(data.bindings, key)) bindings[key] = data.bindings[key]!;
  const probe: StateData = { ...data, bindings, intents: Object.create(null) };
  applyEntry(probe, entry);
  return probe.serial !== data.serial;
}

/** A binding holds an id and the write-only settings (model/group.ts Binding); nothing else. */
function sameBinding(a: Binding | undefined, b: Binding | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.id === b.id &&
    a.written?.invite_need_confirm === b.written?.invite_need_confirm &&
    a.written?.allow_invites === b.written?.allow_invites &&
    (a.written === undefined) === (b.written === undefined)
  );
}

function bumpSerial(data: StateData, serial: number | undefined): void {
  data.serial = Math.max(data.serial + 1, serial ?? 0);
}

/** Append one entry; on return the line is in the page cache, which survives kill -9. */
export function appendEntry(journalPath: string, entry: JournalEntry): void {
  appendFileSync(journalPath, JSON.stringify(entry) + '\n', 'utf8');
}

/** A complete journal line, by its 1-based number. */
export interface JournalLine {
  line: number;
  text: string;
}

/** A line that is not an entry (or that the fold refuses), and why. */
export interface RejectedLine extends JournalLine {
  why: string;
}

/** What reading a journal found. */
export interface JournalRead {
  entries: Array<JournalLine & { entry: JournalEntry }>;
  /** Complete lines that are not entries: kept aside by the fold (fold-journal.ts), never applied. */
  rejected: RejectedLine[];
  /**
   * Byte length of the complete lines. Shorter than the file when the last line was torn
   * (the writer died mid-append); the owner of the lock truncates the file to it.
   */
  validLength: number;
  /** Length of the file as read. */
  length: number;
}

/** Read a journal; a missing journal is an empty one. A torn last line is ignored. */
export function readJournal(journalPath: string): JournalRead {
  const entries: JournalRead['entries'] = [];
  const rejected: RejectedLine[] = [];
  try {
    // A torn tail (no newline: the last append was cut short) is left out; a complete entry always ends in one.
    const { validLength, length } = readLinesSync(journalPath, (text, line) => {
      if (text.trim() === '') return;
      const entry = parseEntry(text.trim());
      if (typeof entry === 'string') rejected.push({ line, text, why: entry });
      else entries.push({ line, text, entry });
    });
    return { entries, rejected, validLength, length };
  } catch (error) {
    if (error instanceof StateError) throw error;
    throw new StateError(`cannot read state journal ${journalPath}: ${(error as Error).message}`, { cause: error });
  }
}

/** Cut a torn last line off, so the next append starts on a line of its own. */
export function truncateJournal(journalPath: string, length: number): void {
  truncateSync(journalPath, length);
}

/** One line as an entry, or why it is not one. */
function parseEntry(line: string): JournalEntry | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return `not JSON (${(error as Error).message})`;
  }
  if (typeof value !== 'object' || value === null) return 'not an object';
  const raw = value as Record<string, unknown>;
  const key = raw.key;
  if (raw.op !== 'intent' && raw.op !== 'app' && raw.op !== 'groupid' && (typeof key !== 'string' || key === '')) return 'missing "key"';
  const serial = raw.serial;
  if (serial !== undefined && (!Number.isSafeInteger(serial) || (serial as number) < 0)) return 'bad "serial"';
  return entryOf(raw, key as string, serial === undefined ? {} : { serial: serial as number });
}

function entryOf(raw: Record<string, unknown>, key: string, withSerial: { serial?: number }): JournalEntry | string {
  switch (raw.op) {
    case 'intent': {
      const intent = parseIntent(raw.intent);
      return intent ? { op: 'intent', intent } : 'bad "intent"';
    }
    case 'bind':
    case 'move': {
      const binding = parseBinding(raw.binding);
      if (!binding) return bindingProblem(raw.binding);
      if (raw.op === 'bind') return { op: 'bind', key, binding, ...withSerial };
      return typeof raw.from === 'string' && raw.from !== '' ? { op: 'move', from: raw.from, key, binding, ...withSerial } : 'missing "from"';
    }
    case 'app':
      return typeof raw.app === 'string' && raw.app !== '' ? { op: 'app', app: raw.app } : 'bad "app"';
    case 'groupid':
      return raw.groupid === 'honoured' || raw.groupid === 'ignored' ? { op: 'groupid', groupid: raw.groupid } : 'bad "groupid"';
    case 'unbind':
      return { op: 'unbind', key, ...withSerial };
    case 'clear-intent':
      return { op: 'clear-intent', key };
    case 'written': {
      const binding = parseBinding({ id: 'x', written: raw.written });
      return binding?.written ? { op: 'written', key, written: binding.written, ...withSerial } : 'bad "written"';
    }
    default:
      return `unknown op ${JSON.stringify(raw.op)}`;
  }
}

function bindingProblem(binding: unknown): string {
  const idProblem = groupIdProblem((binding as { id?: unknown } | null)?.id);
  return idProblem === undefined ? 'bad "binding"' : `the binding's id ${idProblem}`;
}

/** The journal of the state file at `path`. */
export const journalPathOf = (path: string): string => `${path}.journal`;

/** A key every change names: never empty. */
export function requireKey(key: string): void {
  if (typeof key !== 'string' || key === '') throw new StateError('state key must be a non-empty string');
}

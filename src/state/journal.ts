/**
 * The append-only journal beside the state file: one JSON line per change. Every entry
 * sets or deletes whole fields, so replaying a journal over a file that already holds some
 * or all of its effects gives the same state (a crash between `save`'s rename and its
 * journal removal is harmless).
 */
import { appendFileSync, readFileSync, truncateSync } from 'node:fs';
import type { Binding } from '../model/group.js';
import { StateError } from './state-error.js';
import { type CreateIntent, type StateData, parseBinding, parseIntent } from './state-data.js';

/** One change, as written to the journal. */
export type JournalEntry =
  | { op: 'intent'; intent: CreateIntent }
  | { op: 'bind'; key: string; binding: Binding }
  | { op: 'unbind'; key: string }
  | { op: 'clear-intent'; key: string }
  | { op: 'written'; key: string; written: NonNullable<Binding['written']> };

/** Apply one entry to the state in place. */
export function applyEntry(data: StateData, entry: JournalEntry): void {
  switch (entry.op) {
    case 'intent':
      data.intents[entry.intent.key] = entry.intent;
      return;
    case 'bind':
      data.bindings[entry.key] = entry.binding;
      delete data.intents[entry.key];
      return;
    case 'unbind':
      delete data.bindings[entry.key];
      return;
    case 'clear-intent':
      delete data.intents[entry.key];
      return;
    case 'written': {
      // An entry for a key unbound later in the same journal: the unbind wins anyway.
      const binding = data.bindings[entry.key];
      if (binding) data.bindings[entry.key] = { ...binding, written: { ...binding.written, ...entry.written } };
      return;
    }
  }
}

/** Append one entry; on return the line is in the page cache, which survives kill -9. */
export function appendEntry(journalPath: string, entry: JournalEntry): void {
  appendFileSync(journalPath, JSON.stringify(entry) + '\n', 'utf8');
}

/** What reading a journal found. */
export interface JournalRead {
  entries: JournalEntry[];
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
  let buffer: Buffer;
  try {
    buffer = readFileSync(journalPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], validLength: 0, length: 0 };
    throw new StateError(`cannot read state journal ${journalPath}: ${(error as Error).message}`, { cause: error });
  }
  const entries: JournalEntry[] = [];
  let start = 0;
  let lineNumber = 0;
  while (start < buffer.length) {
    const end = buffer.indexOf(0x0a, start);
    lineNumber++;
    if (end === -1) {
      // No newline: the last append was cut short. A complete entry always ends in one.
      break;
    }
    const line = buffer.subarray(start, end).toString('utf8').trim();
    if (line !== '') entries.push(parseEntry(line, journalPath, lineNumber));
    start = end + 1;
  }
  return { entries, validLength: start, length: buffer.length };
}

/** Cut a torn last line off, so the next append starts on a line of its own. */
export function truncateJournal(journalPath: string, length: number): void {
  truncateSync(journalPath, length);
}

function parseEntry(line: string, journalPath: string, lineNumber: number): JournalEntry {
  const fail = (why: string): never => {
    throw new StateError(
      `state journal ${journalPath} is corrupt at line ${lineNumber}: ${why}; ` +
        `fix or delete the line (groupctl never resets state silently)`,
    );
  };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return fail(`not JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null) return fail('not an object');
  const raw = value as Record<string, unknown>;
  const key = raw.key;
  const needKey = (): string => (typeof key === 'string' && key !== '' ? key : fail('missing "key"'));
  switch (raw.op) {
    case 'intent': {
      const intent = parseIntent(raw.intent);
      return intent ? { op: 'intent', intent } : fail('bad "intent"');
    }
    case 'bind': {
      const binding = parseBinding(raw.binding);
      return binding ? { op: 'bind', key: needKey(), binding } : fail('bad "binding"');
    }
    case 'unbind':
      return { op: 'unbind', key: needKey() };
    case 'clear-intent':
      return { op: 'clear-intent', key: needKey() };
    case 'written': {
      const binding = parseBinding({ id: 'x', written: raw.written });
      return binding?.written ? { op: 'written', key: needKey(), written: binding.written } : fail('bad "written"');
    }
    default:
      return fail(`unknown op ${JSON.stringify(raw.op)}`);
  }
}

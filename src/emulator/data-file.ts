/**
 * The emulator's data file (a seed, or the snapshot it keeps): StoreData as JSON, written
 * one record per line so that it is read and written in pieces. A million seeded groups
 * make a file longer than V8's longest string, which a whole-file JSON.parse cannot take.
 *
 *   {"users":[          one user per line, then "],"
 *   "groups":[          one group per line, then "],"
 *   "nextGroupId":"…",  one other field per line
 *   }
 *
 * The file stays plain JSON. Any other layout (a hand-written seed, a snapshot of an older
 * version) is read whole, as before.
 */
import { readFileSync } from 'node:fs';
import { readLinesSync, writeFileAtomicSync } from '../durable/index.js';
import type { StoreData } from './store.js';

/** The data file: the seed format plus the journal position a snapshot includes. */
export interface Snapshot extends StoreData {
  journalSeq?: number;
}

/** Where the line reader is in the layout above. */
type Part = 'start' | 'users' | 'between' | 'groups' | 'fields' | 'end';

/** Thrown when a file is not in the layout above; the caller then reads it whole. */
class OtherLayout extends Error {}

/** Read a data file in either layout; the error names the file. */
export function readDataFile(file: string): Snapshot {
  try {
    return readLines(file) ?? readWhole(file);
  } catch (err) {
    throw new Error(`${file}: cannot load emulator data: ${(err as Error).message}`, { cause: err });
  }
}

/** Replace the data file atomically, in the layout above. */
export function writeDataFile(file: string, data: Snapshot): void {
  writeFileAtomicSync(file, dataFilePieces(data));
}

/** The layout above, a line at a time. */
function* dataFilePieces(data: Snapshot): Generator<string> {
  const { users, groups, ...rest } = data;
  const fields = Object.entries(rest).filter(([, value]) => value !== undefined);
  yield '{"users":[\n';
  yield* records(users);
  yield '],\n"groups":[\n';
  yield* records(groups);
  yield fields.length > 0 ? '],\n' : ']\n';
  yield* fields.map(([key, value], i) => `${JSON.stringify(key)}:${JSON.stringify(value)}${i < fields.length - 1 ? ',' : ''}\n`);
  yield '}\n';
}

function* records(list: readonly unknown[]): Generator<string> {
  for (let i = 0; i < list.length; i++) yield `${JSON.stringify(list[i])}${i < list.length - 1 ? ',' : ''}\n`;
}

/** Undefined when the file is in another layout. */
function readLines(file: string): Snapshot | undefined {
  const data: Snapshot = { users: [], groups: [] };
  let part = 'start' as Part;
  try {
    const { tail } = readLinesSync(file, (line) => {
      part = takeLine(data, part, line.trim());
    });
    if (tail.trim() !== '' || part !== 'end') throw new OtherLayout();
  } catch (err) {
    if (err instanceof OtherLayout) return undefined;
    throw err;
  }
  return data;
}

/** One line of the layout: where the reader is next. */
function takeLine(data: Snapshot, part: Part, line: string): Part {
  if (line === '') return part;
  const record = line.endsWith(',') ? line.slice(0, -1) : line;
  switch (part) {
    case 'start':
      return expectLine(line, '{"users":[', 'users');
    case 'users':
      if (record === ']') return 'between';
      data.users.push(parseRecord(record));
      return part;
    case 'between':
      return expectLine(line, '"groups":[', 'groups');
    case 'groups':
      if (record === ']') return 'fields';
      data.groups.push(parseRecord(record));
      return part;
    case 'fields':
      if (line === '}') return 'end';
      Object.assign(data, parseRecord(`{${record}}`));
      return part;
    case 'end':
      throw new OtherLayout();
  }
}

function expectLine(line: string, wanted: string, next: Part): Part {
  if (line !== wanted) throw new OtherLayout();
  return next;
}

/** A line that is not JSON means another layout (a record spread over lines), not a broken file. */
function parseRecord<T>(text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new OtherLayout();
  }
}

function readWhole(file: string): Snapshot {
  const data = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  if (typeof data !== 'object' || data === null) throw new Error('not a JSON object');
  return { ...data, users: data.users ?? [], groups: data.groups ?? [] };
}

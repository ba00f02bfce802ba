/**
 * The emulator's durable state: a snapshot file (StoreData plus the last journal
 * sequence it contains, data-file.ts) and `${dataFile}.journal`, one JSON line per acknowledged
 * mutation, appended synchronously before the answer goes out. A kill -9 therefore
 * loses nothing that was acknowledged; restarting replays the journal lines newer than
 * the snapshot, so a crash between the snapshot rename and the journal truncation never
 * applies a mutation twice. The whole file is only rewritten on compaction.
 */
import { appendFileSync, closeSync, existsSync, ftruncateSync, openSync } from 'node:fs';
import { readLinesSync, removeDeadTemporaries } from '../durable/index.js';
import { readDataFile, type Snapshot, writeDataFile } from './data-file.js';
import { GroupStore, type PublicInvites, type Quotas, type StoreData } from './store.js';

/** The store calls that change state; each is journaled with its arguments. */
export type MutatingOp =
  | 'registerUsers'
  | 'createGroup'
  | 'modifyGroup'
  | 'transferOwner'
  | 'addMember'
  | 'addMembers'
  | 'removeMember'
  | 'removeMembers'
  | 'addAdmin'
  | 'removeAdmin'
  | 'disable'
  | 'enable'
  | 'muteAll'
  | 'unmuteAll'
  | 'setAnnouncement'
  | 'addAllow'
  | 'removeAllow'
  | 'addBlocks'
  | 'removeBlocks'
  | 'dismiss';

const MUTATING_OPS: ReadonlySet<string> = new Set<MutatingOp>([
  'registerUsers', 'createGroup', 'modifyGroup', 'transferOwner', 'addMember', 'addMembers',
  'removeMember', 'removeMembers', 'addAdmin', 'removeAdmin', 'disable', 'enable', 'muteAll', 'unmuteAll', 'setAnnouncement',
  'addAllow', 'removeAllow', 'addBlocks', 'removeBlocks', 'dismiss',
]);

export type Mutate = <K extends MutatingOp>(
  op: K,
  ...args: Parameters<GroupStore[K]>
) => ReturnType<GroupStore[K]>;

interface JournalEntry {
  seq: number;
  /** The clock value the call saw, so a replay creates the same timestamps. */
  t: number;
  op: MutatingOp;
  args: unknown[];
}

export interface StateOptions {
  dataFile?: string;
  seed?: StoreData;
  transferKeepsAdmin?: boolean;
  quotas?: Quotas;
  publicInvites?: PublicInvites;
  now: () => number;
  /** Journal lines before a compaction; default max(4096, groups / 4) so rewriting stays amortised. */
  compactEvery?: number;
}

export interface EmulatorState {
  readonly store: GroupStore;
  readonly mutate: Mutate;
  /** What was loaded on start, for the startup line. */
  readonly loaded: { groups: number; users: number; replayed: number; from?: string };
  /** Compacts and closes the journal (a clean stop). */
  close(): void;
  /** Closes the journal without compacting, as a kill -9 would leave things. */
  abandon(): void;
}

export function openState(options: StateOptions): EmulatorState {
  let fixedTime: number | undefined;
  const now = () => fixedTime ?? options.now();
  const storeOptions = { now, transferKeepsAdmin: options.transferKeepsAdmin ?? false, quotas: options.quotas ?? {}, publicInvites: options.publicInvites ?? 'kept' };
  const dataFile = options.dataFile;

  if (dataFile === undefined) return openInMemory(GroupStore.fromData(options.seed ?? { users: [], groups: [] }, storeOptions));

  const journalFile = `${dataFile}.journal`;
  const snapshot = loadSnapshot(dataFile);
  const store = GroupStore.fromData(snapshot ?? options.seed ?? { users: [], groups: [] }, storeOptions);
  const setTime = (t: number | undefined) => (fixedTime = t);
  const { seq: replayedTo, replayed } = replayJournal(store, journalFile, snapshot?.journalSeq ?? 0, setTime);
  let seq = replayedTo;

  const journalFd = openSync(journalFile, 'a');
  let lines = 0;
  const compact = () => {
    writeDataFile(dataFile, { ...store.toData(), journalSeq: seq });
    ftruncateSync(journalFd, 0);
    lines = 0;
  };
  let open = true;
  // A fresh snapshot drops replayed lines and any torn last line a crash left behind.
  if (replayed > 0 || !existsSync(dataFile)) compact();

  const mutate = ((op: MutatingOp, ...args: unknown[]) => {
    // After close/abandon the journal's descriptor may already belong to another file
    // (a restarted emulator on the same data): a late request must change nothing.
    if (!open) throw new Error('the emulator has stopped');
    const t = options.now();
    fixedTime = t;
    let result: unknown;
    try {
      result = callStore(store, op, args);
    } finally {
      fixedTime = undefined;
    }
    const entry: JournalEntry = { seq: ++seq, t, op, args };
    appendFileSync(journalFd, `${JSON.stringify(entry)}\n`);
    if (++lines >= (options.compactEvery ?? Math.max(4096, store.groupCount() / 4))) compact();
    return result;
  }) as Mutate;
  return {
    store,
    mutate,
    loaded: { ...counts(store, replayed), ...(snapshot ? { from: dataFile } : {}) },
    close() {
      if (!open) return;
      open = false;
      if (lines > 0) compact(); // else the file holds this state: no rewrite and fsync (issue 23)
      closeSync(journalFd);
    },
    abandon() {
      if (!open) return;
      open = false;
      closeSync(journalFd);
    },
  };
}

/** State without a data file: nothing to journal, nothing to save. */
function openInMemory(store: GroupStore): EmulatorState {
  const mutate = ((op: MutatingOp, ...args: unknown[]) => callStore(store, op, args)) as Mutate;
  return { store, mutate, loaded: counts(store, 0), close() {}, abandon() {} };
}

/** Applies the journal lines newer than the snapshot, each at the time it first ran. */
function replayJournal(
  store: GroupStore,
  journalFile: string,
  fromSeq: number,
  setTime: (t: number | undefined) => void,
): { seq: number; replayed: number } {
  let seq = fromSeq;
  let replayed = 0;
  for (const entry of readJournal(journalFile)) {
    if (entry.seq <= seq) continue;
    setTime(entry.t);
    try {
      callStore(store, entry.op, entry.args);
    } catch (err) {
      throw new Error(`${journalFile}: replaying entry ${entry.seq} (${entry.op}) failed: ${(err as Error).message}`, { cause: err });
    } finally {
      setTime(undefined);
    }
    seq = entry.seq;
    replayed++;
  }
  return { seq, replayed };
}

function callStore(store: GroupStore, op: string, args: unknown[]): unknown {
  if (!MUTATING_OPS.has(op)) throw new Error(`not a mutating store call: ${op}`);
  return (store[op as MutatingOp] as (...a: unknown[]) => unknown).apply(store, args);
}

function counts(store: GroupStore, replayed: number) {
  return { groups: store.groupCount(), users: store.userCount(), replayed };
}

/** The snapshot, if any. A kill during a compaction leaves a temporary: the file's owner (this emulator, now) removes it. */
function loadSnapshot(dataFile: string): Snapshot | undefined {
  removeDeadTemporaries(dataFile);
  return existsSync(dataFile) ? readDataFile(dataFile) : undefined;
}

/**
 * A last line that does not parse is a write a crash cut short: it was never acknowledged.
 * A bad line with another after it is corruption, and stops the start.
 */
function readJournal(file: string): JournalEntry[] {
  const entries: JournalEntry[] = [];
  let unparsed: Error | undefined;
  const take = (line: string, lineNumber: number) => {
    if (line.trim() === '') return;
    if (unparsed) throw unparsed;
    try {
      entries.push(JSON.parse(line) as JournalEntry);
    } catch (err) {
      unparsed = new Error(`${file}:${lineNumber}: corrupt journal line`, { cause: err });
    }
  };
  let lines = 0;
  const { tail } = readLinesSync(file, (line, lineNumber) => take(line, (lines = lineNumber)));
  take(tail, lines + 1);
  return entries;
}

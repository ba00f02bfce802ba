/**
 * Folding a journal into the state. Every line is applied in order unless it breaks a rule
 * each binding keeps: an id of the right shape (journal.ts refuses that as it reads) and one
 * key per live group. A refused line never reaches the state, which keeps its last good
 * bindings: it is kept aside, with why, in `${state}.rejected`, and the open fails once,
 * naming the line, so a forged or garbled journal never binds two keys to one group.
 */
import { appendFileSync } from 'node:fs';
import { applyEntry, type JournalRead, readJournal, type RejectedLine, truncateJournal } from './journal.js';
import { readStateFile, type StateData } from './state-data.js';
import { StateError } from './state-error.js';

/**
 * The state file with its journal replayed. The owner of the lock cuts a torn last line
 * off and keeps refused lines aside; a read-only open refuses to go on past them.
 */
export function loadState(file: string, journalPath: string, writable: boolean, importCommand?: string): { data: StateData; refused: RejectedLine[]; replayed: boolean } {
  const data = readStateFile(file);
  const journal = readJournal(journalPath);
  const refused = foldEntries(data, journal);
  if (!writable) {
    if (refused.length > 0) throw refusedLinesError(journalPath, file, refused, false, importCommand);
    return { data, refused, replayed: false };
  }
  if (journal.validLength < journal.length) truncateJournal(journalPath, journal.validLength);
  if (refused.length > 0) setAside(file, journalPath, refused);
  return { data, refused, replayed: journal.entries.length > 0 || refused.length > 0 };
}

/** Apply the journal's entries to `data`; the lines refused (at reading or here), in line order. */
export function foldEntries(data: StateData, journal: Pick<JournalRead, 'entries' | 'rejected'>): RejectedLine[] {
  const rejected = [...journal.rejected];
  const { entries } = journal;
  // Nearly every open has nothing to replay: no map of 50,000 bindings for that (issue 23).
  if (entries.length === 0) return rejected.sort((a, b) => a.line - b.line);
  const keyOf = new Map<string, string>();
  for (const [key, { id }] of Object.entries(data.bindings)) keyOf.set(id, key);
  entries.forEach(({ line, text, entry }, i) => {
    if (entry.op === 'bind' || entry.op === 'move') {
      const holder = keyOf.get(entry.binding.id);
      const next = entries[i + 1]?.entry;
      // A move written by an older groupctl: a bind, then at once the unbind of the key it came from.
      const olderMove = next?.op === 'unbind' && next.key === holder;
      if (holder !== undefined && holder !== entry.key && !(entry.op === 'move' && holder === entry.from) && !olderMove) {
        rejected.push({ line, text, why: `it binds "${entry.key}" to group ${entry.binding.id}, which "${holder}" holds (one live group has one key)` });
        return;
      }
    }
    const before = entry.op === 'bind' || entry.op === 'move' || entry.op === 'unbind' ? data.bindings[entry.key]?.id : undefined;
    const fromBefore = entry.op === 'move' ? data.bindings[entry.from]?.id : undefined;
    applyEntry(data, entry);
    if (before !== undefined && keyOf.get(before) === (entry as { key: string }).key) keyOf.delete(before);
    if (fromBefore !== undefined && entry.op === 'move' && keyOf.get(fromBefore) === entry.from) keyOf.delete(fromBefore);
    if (entry.op === 'bind' || entry.op === 'move') keyOf.set(entry.binding.id, entry.key);
  });
  return rejected.sort((a, b) => a.line - b.line);
}

/** Where refused lines are kept: beside the state file, never in the journal that is folded away. */
export function rejectedPathOf(stateFile: string): string {
  return `${stateFile}.rejected`;
}

/** Keep the refused lines aside (appended: earlier ones stay), each with its line, reason and time. */
export function setAside(stateFile: string, journalPath: string, lines: readonly RejectedLine[], now = new Date()): void {
  const text = lines.map((l) => JSON.stringify({ journal: journalPath, line: l.line, why: l.why, at: now.toISOString(), text: l.text }) + '\n').join('');
  try {
    appendFileSync(rejectedPathOf(stateFile), text, 'utf8');
  } catch (error) {
    throw new StateError(`cannot keep refused journal lines aside in ${rejectedPathOf(stateFile)}: ${(error as Error).message}; nothing was changed`, { cause: error });
  }
}

/** The error an open with refused lines ends in: which lines, why, where they went, and what next. */
export function refusedLinesError(journalPath: string, stateFile: string, lines: readonly RejectedLine[], keptAside: boolean, importCommand = 'npx groupctl import KEY GROUP_ID'): StateError {
  const list = lines.map((l) => `  - line ${l.line}: ${l.why}`).join('\n');
  const where = keptAside
    ? `They were not applied and are kept in ${rejectedPathOf(stateFile)}; the state keeps its last good bindings. Check them, then run the command again`
    : `They are not applied; the next apply or import keeps them aside in ${rejectedPathOf(stateFile)} and folds the rest`;
  return new StateError(
    `state journal ${journalPath} has lines groupctl refuses:\n${list}\n${where} ` +
      `(to bind a key on purpose: "${importCommand}").`,
  );
}

/**
 * Issue 18: a journal line is checked where it is folded. A line that would bind two keys to
 * one group, or a key to an id of the wrong shape, never reaches the state: the state keeps
 * its last good bindings, the line is kept aside beside it, and the open says which line and why.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateStore } from '../../src/state/state-store.js';
import { useTempDir } from './helpers.js';

const tempDir = useTempDir();

/** A state file binding `a` to 228001 and `b` to 228002, and a journal of these lines after it. */
function stateWithJournal(lines: unknown[]): string {
  const path = join(tempDir(), 'groupctl.state.json');
  writeFileSync(path, JSON.stringify({ version: 1, lineage: 'lin', serial: 2, bindings: { a: { id: '228001' }, b: { id: '228002' } }, intents: {} }));
  writeFileSync(`${path}.journal`, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l)) + '\n').join(''));
  return path;
}

function rejectedOf(path: string): Array<{ line: number; why: string; text: string }> {
  return readFileSync(`${path}.rejected`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

describe('folding the journal', () => {
  it('refuses a line that binds a second key to a group another key holds; the rest is folded', async () => {
    const path = stateWithJournal([
      { op: 'bind', key: 'c', binding: { id: '228003' }, serial: 3 },
      { op: 'bind', key: 'b', binding: { id: '228001' }, serial: 4 },
      { op: 'bind', key: 'd', binding: { id: '228004' }, serial: 5 },
    ]);
    await expect(StateStore.open(path)).rejects.toThrow(/line 2: it binds "b" to group 228001, which "a" holds \(one live group has one key\)/);
    expect(rejectedOf(path)).toEqual([expect.objectContaining({ line: 2, text: JSON.stringify({ op: 'bind', key: 'b', binding: { id: '228001' }, serial: 4 }) })]);
    expect(existsSync(`${path}.journal`)).toBe(false);
    const store = await StateStore.open(path);
    expect(Object.fromEntries([...store.bindings()].map(([k, b]) => [k, b.id]))).toEqual({ a: '228001', b: '228002', c: '228003', d: '228004' });
    await store.close();
  });

  it.each([
    ['a path that climbs out', '../../users/alice'],
    ['a list', '1,2'],
    ['a space', '12 34'],
    ['200 digits', '9'.repeat(200)],
  ])('refuses a line that binds a key to an id of the wrong shape (%s)', async (_name, id) => {
    const path = stateWithJournal([{ op: 'bind', key: 'c', binding: { id } }]);
    await expect(StateStore.open(path)).rejects.toThrow(/line 1: the binding's id .* is not a group id/);
    const store = await StateStore.open(path);
    expect(store.binding('c')).toBeUndefined();
    expect(store.binding('a')).toEqual({ id: '228001' });
    await store.close();
  });

  it('folds a move, and a move an older groupctl wrote as a bind and an unbind', async () => {
    const path = stateWithJournal([
      { op: 'move', from: 'a', key: 'a2', binding: { id: '228001' }, serial: 3 },
      { op: 'bind', key: 'b2', binding: { id: '228002' }, serial: 4 },
      { op: 'unbind', key: 'b', serial: 5 },
    ]);
    const store = await StateStore.open(path);
    expect(Object.fromEntries([...store.bindings()].map(([k, b]) => [k, b.id]))).toEqual({ a2: '228001', b2: '228002' });
    expect(existsSync(`${path}.rejected`)).toBe(false);
    await store.close();
  });

  it('a read-only open refuses the line too and changes nothing on disk', async () => {
    const path = stateWithJournal([{ op: 'bind', key: 'b', binding: { id: '228001' } }]);
    const journal = readFileSync(`${path}.journal`, 'utf8');
    await expect(StateStore.open(path, { lock: false })).rejects.toThrow(/line 1: .*; the next apply or import keeps them aside/s);
    expect(readFileSync(`${path}.journal`, 'utf8')).toBe(journal);
    expect(existsSync(`${path}.rejected`)).toBe(false);
  });
});

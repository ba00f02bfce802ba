/**
 * StateStore.keysBoundTo, the id index apply checks every create answer against: it must
 * agree with the bindings after every kind of change, whether it was made before or after
 * them, and the serial must move exactly when the bindings change (journal.changesBindings
 * probes only the keys an entry names).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateStore } from '../../src/state/state-store.js';
import { useTempDir } from './helpers.js';

const tempDir = useTempDir();

/** What the index should say, from the sorted bindings themselves. */
function scan(store: StateStore, id: string): string[] {
  return [...store.bindings()].filter(([, b]) => b.id === id).map(([key]) => key);
}

describe('keysBoundTo', () => {
  it('follows bind, rebind, move, unbind and written, looked up before and after each change', async () => {
    const store = await StateStore.open(join(tempDir(), 'groupctl.state.json'));
    const ids = ['100', '200', '300'];
    const check = () => ids.forEach((id) => expect(store.keysBoundTo(id), `id ${id}`).toEqual(scan(store, id)));
    check();
    const serials: number[] = [];
    const steps: (() => void)[] = [
      () => store.bind('eng', { id: '100' }),
      () => store.bind('ops', { id: '200' }),
      () => store.bind('eng', { id: '100' }), // the same binding again: no change
      () => store.bind('eng', { id: '300' }), // rebound: 100 is free again
      () => store.move('ops', 'platform'),
      () => store.setWritten('platform', { invite_need_confirm: true }),
      () => store.unbind('eng'),
      () => store.unbind('eng'), // nothing to unbind
    ];
    for (const step of steps) {
      step();
      check();
      serials.push(store.serial);
    }
    expect(store.keysBoundTo('200')).toEqual(['platform']);
    expect(store.keysBoundTo('100')).toEqual([]);
    expect(serials).toEqual([1, 2, 2, 3, 4, 5, 6, 6]);
    await store.close();
  });

  it('lists every key of a state file that bound two keys to one group, sorted', async () => {
    const path = join(tempDir(), 'groupctl.state.json');
    writeFileSync(path, JSON.stringify({ version: 1, serial: 2, bindings: { zeta: { id: '100' }, alpha: { id: '100' } }, intents: {} }));
    const store = await StateStore.open(path);
    expect(store.keysBoundTo('100')).toEqual(['alpha', 'zeta']);
    store.unbind('alpha');
    expect(store.keysBoundTo('100')).toEqual(['zeta']);
    await store.close();
  });
});

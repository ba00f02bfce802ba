import { describe, expect, it } from 'vitest';
import { createSaver } from '../../src/apply/apply-state.js';

/** A save that stays open until the test lets it finish, logging what it saw. */
function slowState() {
  const log: string[] = [];
  const open: Array<() => void> = [];
  let version = 0;
  return {
    log,
    open,
    change: () => (version += 1),
    state: {
      save: () =>
        new Promise<void>((resolve) => {
          log.push(`start v${version}`);
          open.push(() => {
            log.push(`end v${version}`);
            resolve();
          });
        }),
    },
  };
}

describe('createSaver', () => {
  it('never overlaps saves, and folds calls made during a save into one follow-up save', async () => {
    const s = slowState();
    const save = createSaver(s.state);
    s.change();
    const first = save();
    s.change();
    const second = save();
    s.change();
    const third = save();
    expect(second).toBe(third);
    expect(s.log).toEqual(['start v1']);

    s.open.shift()!();
    await first;
    await new Promise((r) => setImmediate(r));
    expect(s.log).toEqual(['start v1', 'end v3', 'start v3']);
    s.open.shift()!();
    await third;
    expect(s.log).toHaveLength(4);
  });

  it('a failed save does not block the next one', async () => {
    let calls = 0;
    const save = createSaver({ save: async () => { calls += 1; if (calls === 1) throw new Error('disk full'); } });
    const first = save();
    const second = save();
    await expect(first).rejects.toThrow('disk full');
    await expect(second).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });
});

describe('a journaled store', () => {
  it('is not rewritten after every change: its changes are durable already', async () => {
    let saves = 0;
    const save = createSaver({ journaled: true, save: async () => void saves++ });
    await Promise.all([save(), save(), save()]);
    expect(saves).toBe(0);
  });
});

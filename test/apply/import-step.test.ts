import { describe, expect, it } from 'vitest';
import type { Step } from '../../src/plan/types.js';
import { planOf } from './build-plan.js';
import { World } from './fixture.js';

const importOf = (key: string, id: string): Step => ({ group: key, group_id: id, action: 'import', details: { owner: 'alice', name: 'Eng' } });

describe('an import step', () => {
  it('binds an unbound key, and rebinds a key whose bound group is gone', async () => {
    const w = new World();
    const id = w.group({ owner: 'alice', name: 'Eng' });
    w.bind({ eng: { id: '999999' } });
    const report = await w.apply(planOf([importOf('eng', id)]));
    expect(report.ok).toBe(true);
    expect(w.state.binding('eng')).toEqual({ id });
  });

  it('never takes a key bound to a group that still exists', async () => {
    const w = new World();
    const kept = w.group({ owner: 'alice', name: 'Eng' });
    const other = w.group({ owner: 'alice', name: 'Eng' });
    w.bind({ eng: { id: kept } });
    const report = await w.apply(planOf([importOf('eng', other)]));
    expect(report.ok).toBe(false);
    expect(report.steps[0]!.error).toMatch(/already bound to group/);
    expect(w.state.binding('eng')).toEqual({ id: kept });
  });
});

import { describe, expect, it } from 'vitest';
import type { Step } from '../../src/plan/types.js';
import { on, planOf } from './build-plan.js';
import { World } from './fixture.js';

describe('risky steps re-read the group first', () => {
  it('transfers when the owner is still the one the plan saw', async () => {
    const w = new World();
    const id = w.group({ owner: 'alice', members: ['bob'] });
    const report = await w.apply(planOf([on('eng', id).transfer('alice', 'bob')]));
    expect(report.ok).toBe(true);
    expect(w.live(id)?.owner).toBe('bob');
    expect(w.service.calls.map((c) => c.kind)).toEqual(['getGroups', 'transferOwner']);
  });

  it('refuses a transfer when the owner changed since the plan', async () => {
    const w = new World();
    const id = w.group({ owner: 'carol', members: ['alice', 'bob'] });
    const report = await w.apply(planOf([on('eng', id).transfer('alice', 'bob')]));
    expect(report.steps[0]).toMatchObject({ status: 'failed', error: 'the owner is now carol, not alice as planned; plan again' });
    expect(w.service.mutations()).toEqual([]);
  });

  it('refuses a transfer on a group that is gone', async () => {
    const w = new World();
    const report = await w.apply(planOf([on('eng', '228999').transfer('alice', 'bob')]));
    expect(report.steps[0]).toMatchObject({ status: 'failed', error: 'group 228999 no longer exists' });
  });

  it('dismisses, then drops the binding', async () => {
    const w = new World();
    const id = w.group({ owner: 'alice' });
    w.bind({ eng: { id }, other: { id: '1' } });
    const report = await w.apply(planOf([on('eng', id).dismiss()]), { allowDismiss: true });
    expect(report.ok).toBe(true);
    expect(w.live(id)).toBeUndefined();
    expect(Object.keys(w.state.saved.bindings)).toEqual(['other']);
  });

  it('refuses a dismiss when the group is already gone, and keeps the binding', async () => {
    const w = new World();
    w.bind({ eng: { id: '228999' } });
    const report = await w.apply(planOf([on('eng', '228999').dismiss()]), { allowDismiss: true });
    expect(report.steps[0]).toMatchObject({ status: 'failed', error: 'group 228999 no longer exists' });
    expect(w.state.bindings().has('eng')).toBe(true);
  });

  it('refuses a dismiss when the owner differs from the one the plan carries', async () => {
    const w = new World();
    const id = w.group({ owner: 'carol' });
    const step = { ...on('eng', id).dismiss(), details: { owner: 'alice' } } as unknown as Step;
    const report = await w.apply(planOf([step]), { allowDismiss: true });
    expect(report.steps[0]).toMatchObject({ status: 'failed', error: 'the owner is now carol, not alice as planned; plan again' });
    expect(w.live(id)).toBeDefined();
  });
});

describe('update', () => {
  it('fails naming the fields the server did not change', async () => {
    const w = new World();
    const id = w.group({ owner: 'alice', members: ['bob', 'carol'] });
    const g = on('eng', id);
    const report = await w.apply(planOf([g.update({ max_users: 2, description: 'small' }), g.addAdmin('bob')]));
    expect(report.steps.map((s) => s.status)).toEqual(['failed', 'skipped']);
    expect(report.steps[0]?.error).toBe('the server did not change max_users');
    expect(w.live(id)?.description).toBe('small');
  });

  it('remembers invite_need_confirm, which the API never shows', async () => {
    const w = new World();
    const id = w.group({ owner: 'alice' });
    w.bind({ eng: { id } });
    const report = await w.apply(planOf([on('eng', id).update({ invite_need_confirm: false, description: 'd' })]));
    expect(report.ok).toBe(true);
    expect(w.state.saved.bindings['eng']).toEqual({ id, written: { invite_need_confirm: false } });
  });

  it('remembers invite_need_confirm even when another field of the same call was refused', async () => {
    const w = new World();
    const id = w.group({ owner: 'alice', members: ['bob'] });
    w.bind({ eng: { id } });
    const report = await w.apply(planOf([on('eng', id).update({ invite_need_confirm: true, max_users: 1 })]));
    expect(report.steps[0]?.status).toBe('failed');
    expect(w.state.saved.bindings['eng']?.written).toEqual({ invite_need_confirm: true });
  });

  it('binds a group named only by id when it records what it wrote', async () => {
    const w = new World();
    const id = w.group({ owner: 'alice' });
    await w.apply(planOf([on('eng', id).update({ invite_need_confirm: true })]));
    expect(w.state.saved.bindings['eng']).toEqual({ id, written: { invite_need_confirm: true } });
  });

  it('a state change that throws fails the step, not the apply', async () => {
    const w = new World();
    const id = w.group({ owner: 'alice' });
    w.bind({ eng: { id } });
    w.state.setWritten = () => {
      throw new Error('journal append failed');
    };
    const g = on('eng', id);
    const report = await w.apply(planOf([g.update({ invite_need_confirm: true }), g.enable()]));
    expect(report.steps.map((s) => [s.status, s.error])).toEqual([
      ['failed', 'updated, but could not save state: journal append failed'],
      ['skipped', undefined],
    ]);
  });

  it('does not touch written settings when the update did not write invite_need_confirm', async () => {
    const w = new World();
    const id = w.group({ owner: 'alice' });
    w.bind({ eng: { id, written: { invite_need_confirm: true } } });
    await w.apply(planOf([on('eng', id).update({ description: 'd' })]));
    expect(w.state.bindings().get('eng')).toEqual({ id, written: { invite_need_confirm: true } });
  });
});

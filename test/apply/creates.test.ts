import { describe, expect, it } from 'vitest';
import { IntentConflictError, resolveIntents } from '../../src/apply/index.js';
import { on, planOf } from './build-plan.js';
import { World } from './fixture.js';
import { MemoryState, type SavedState } from './memory-state.js';
import { serviceError } from './store-service.js';

const MINUTE = 60_000;

function createPlan() {
  const g = on('eng');
  return planOf([g.create('alice', { name: 'Engineering' }, ['bob']), g.addAdmin('bob')]);
}

describe('create', () => {
  it('records the intent on disk before the call, binds right after, and later steps use the new id', async () => {
    const w = new World();
    let onDiskDuringCreate: SavedState | undefined;
    w.service.onCall = (c) => {
      if (c.kind === 'createGroup') onDiskDuringCreate = structuredClone(w.state.saved);
    };
    const report = await w.apply(createPlan());

    expect(onDiskDuringCreate?.intents['eng']).toEqual({ key: 'eng', owner: 'alice', name: 'Engineering', started: w.clock, before: [] });
    expect(onDiskDuringCreate?.bindings).toEqual({});
    const id = w.state.saved.bindings['eng']?.id;
    expect(id).toBeDefined();
    expect(w.state.saved.intents).toEqual({});
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => s.group_id)).toEqual([id, id]);
    expect(w.service.calls.find((c) => c.kind === 'addAdmin')?.id).toBe(id);
    expect(w.live(id!)?.admins).toEqual(['bob']);
  });

  it('a kill between create and bind leaves an intent that the next run binds', async () => {
    const w = new World();
    let onDiskAtKill: SavedState | undefined;
    // The kill: the group gets made, nothing after the call reaches the disk.
    w.service.inject({ kind: 'createGroup', when: 'after', error: serviceError(0, 'network', 'killed', true) });
    w.service.onCall = (c) => {
      if (c.kind === 'createGroup') onDiskAtKill = structuredClone(w.state.saved);
    };
    await w.apply(createPlan());
    const created = w.service.store.userGroups('alice', 0, 20).groups.map((g) => g.id);

    const restarted = new MemoryState(onDiskAtKill!.bindings, Object.values(onDiskAtKill!.intents));
    w.clock += 5_000;
    const notes = await resolveIntents(restarted, w.service);

    expect(created).toHaveLength(1);
    expect(restarted.saved).toEqual({ bindings: { eng: { id: created[0] } }, intents: {} });
    expect(notes).toEqual([`eng: bound to ${created[0]}, created by an earlier run that did not finish`]);
  });

  it('an ambiguous create that did happen is found and bound, and the group goes on', async () => {
    const w = new World();
    w.service.inject({ kind: 'createGroup', when: 'after', error: serviceError(0, 'timeout', 'no answer in 30 s', true) });
    const report = await w.apply(createPlan());

    const id = w.state.saved.bindings['eng']?.id;
    expect(report.ok).toBe(true);
    expect(report.steps[0]?.note).toBe(`the create answered no response timeout: no answer in 30 s, but it made group ${id}`);
    expect(w.service.calls.filter((c) => c.kind === 'createGroup')).toHaveLength(1);
    expect(w.service.store.groupCount()).toBe(1);
  });

  it('an ambiguous create that did not happen is sent once more, and the group goes on', async () => {
    const w = new World();
    w.service.inject({ kind: 'createGroup', error: serviceError(0, 'network', 'connection reset', true) });
    const report = await w.apply(createPlan());

    expect(report.steps.map((s) => s.status)).toEqual(['done', 'done']);
    expect(report.steps[0]?.note).toBe('the first create answered no response network: connection reset and made no group (looked up); sent once more');
    expect(w.service.calls.filter((c) => c.kind === 'createGroup')).toHaveLength(2);
    expect(w.service.store.groupCount()).toBe(1);
    expect(w.state.saved).toEqual({ bindings: { eng: { id: report.steps[0]?.group_id } }, intents: {} });
  });

  it('two ambiguous creates that did not happen clear the intent and fail; no third is sent', async () => {
    const w = new World();
    w.service.inject({ kind: 'createGroup', times: 2, error: serviceError(0, 'network', 'connection reset', true) });
    const report = await w.apply(createPlan());

    expect(report.steps.map((s) => s.status)).toEqual(['failed', 'skipped']);
    expect(report.steps[0]).toMatchObject({ error: 'no response network: connection reset' });
    expect(report.steps[0]?.note).toContain('sent once more; the group was not created');
    expect(w.service.calls.filter((c) => c.kind === 'createGroup')).toHaveLength(2);
    expect(w.state.saved).toEqual({ bindings: {}, intents: {} });
  });

  it('a refused create clears the intent without looking anything up after it', async () => {
    const w = new World();
    const report = await w.apply(planOf([on('eng').create('nobody', { name: 'E' })]));

    expect(report.steps[0]).toMatchObject({ status: 'failed', error: "404 resource_not_found: username nobody doesn't exist!" });
    expect(w.service.calls.map((c) => c.kind)).toEqual(['userGroups', 'createGroup']);
    expect(w.state.saved.intents).toEqual({});
  });

  it('an intent left from an earlier run is settled before creating again', async () => {
    const w = new World();
    const id = w.group({ name: 'Engineering', owner: 'alice', members: ['bob'] });
    w.state = new MemoryState({}, [{ key: 'eng', owner: 'alice', name: 'Engineering', started: w.clock }]);
    const report = await w.apply(createPlan());

    expect(report.ok).toBe(true);
    expect(report.steps[0]?.note).toBe(`found group ${id}, made by an earlier run`);
    expect(w.service.calls.some((c) => c.kind === 'createGroup')).toBe(false);
    expect(w.state.saved.bindings['eng']).toEqual({ id });
  });

  it('refuses to create a key that is already bound', async () => {
    const w = new World();
    w.bind({ eng: { id: '228001' } });
    const report = await w.apply(createPlan());
    expect(report.steps[0]).toMatchObject({ status: 'failed', error: 'eng is already bound to group 228001; plan again' });
    expect(w.service.calls).toEqual([]);
  });

  it('a binding that cannot be recorded fails the create, keeps the intent, and the apply still reports', async () => {
    const w = new World();
    w.state.bind = () => {
      throw new Error('journal append failed');
    };
    const report = await w.apply(createPlan());
    expect(report.steps.map((s) => [s.status, s.error])).toEqual([
      ['failed', 'journal append failed'],
      ['skipped', undefined],
    ]);
    expect(Object.keys(w.state.saved.intents)).toEqual(['eng']);
  });

  it('changes nothing when the intent cannot be saved', async () => {
    const w = new World();
    w.state.saveError = new Error('disk full');
    const report = await w.apply(createPlan());
    expect(report.steps[0]).toMatchObject({ status: 'failed', error: 'could not save state before creating the group: disk full' });
    expect(w.service.calls.map((c) => c.kind)).toEqual(['userGroups']);
  });
});

describe('create: answers not believed, clocks not trusted', () => {
  it('an ambiguous create is found with the server clock 10 minutes behind, beside an older group of the same name', async () => {
    const w = new World();
    const older = w.group({ name: 'Engineering', owner: 'alice' });
    w.service.inject({ kind: 'createGroup', when: 'after', error: serviceError(0, 'timeout', 'no answer', true) });
    // Our clock 10 minutes ahead of the store's is the server's clock 10 minutes behind.
    const report = await w.apply(createPlan(), { now: () => w.clock + 10 * MINUTE });

    const id = w.state.saved.bindings['eng']?.id;
    expect(report.ok).toBe(true);
    expect(id).toBeDefined();
    expect(id).not.toBe(older);
    expect(w.service.store.groupCount()).toBe(2);
  });

  it('a kill mid-create is settled by the next run whatever the server clock says', async () => {
    const w = new World();
    let onDiskAtKill: SavedState | undefined;
    w.service.inject({ kind: 'createGroup', when: 'after', error: serviceError(0, 'network', 'killed', true) });
    w.service.onCall = (c) => {
      if (c.kind === 'createGroup') onDiskAtKill = structuredClone(w.state.saved);
    };
    await w.apply(createPlan(), { now: () => w.clock + 10 * MINUTE });
    const restarted = new MemoryState(onDiskAtKill!.bindings, Object.values(onDiskAtKill!.intents));
    await resolveIntents(restarted, w.service);
    const created = w.service.store.userGroups('alice', 0, 20).groups.map((g) => g.id);
    expect(restarted.saved.bindings).toEqual({ eng: { id: created[0] } });
  });

  it('refuses a create answer that names a group bound to another key: nothing bound, the group stops', async () => {
    const w = new World();
    const other = w.group({ name: 'Sales', owner: 'bob' });
    w.bind({ sales: { id: other } });
    w.service.createGroup = async () => other;
    const report = await w.apply(createPlan());

    expect(report.steps.map((s) => s.status)).toEqual(['failed', 'skipped']);
    expect(report.steps[0]?.error).toMatch(new RegExp(`group ${other}, which is bound to sales`));
    expect(w.state.saved.bindings).toEqual({ sales: { id: other } });
    expect(w.service.calls.some((c) => c.kind === 'addAdmin')).toBe(false);
  });

  it('refuses a create answer that names a group another key of the plan acts on (bound by id:, not yet in state)', async () => {
    const w = new World();
    const other = w.group({ name: 'Sales', owner: 'bob' });
    w.service.createGroup = async () => other;
    const report = await w.apply(planOf([on('sales', other).update({ description: 'x' }), ...createPlan().steps]));
    expect(report.steps.find((s) => s.action === 'create')?.error).toMatch(new RegExp(`group ${other}, which is bound to sales`));
    expect(w.state.saved.bindings['eng']).toBeUndefined();
  });

  it('refuses a create answer that names a group that existed before the create', async () => {
    const w = new World();
    const existing = w.group({ name: 'Engineering', owner: 'alice' });
    w.service.createGroup = async () => existing;
    const report = await w.apply(createPlan());
    expect(report.steps[0]?.error).toMatch(/existed before this create/);
    expect(w.state.saved.bindings).toEqual({});
  });

  it("refuses a create answer that names someone else's unbound group", async () => {
    const w = new World();
    const foreign = w.group({ name: 'Other', owner: 'carol' });
    w.service.createGroup = async () => foreign;
    const report = await w.apply(createPlan());
    expect(report.steps[0]?.error).toMatch(/whose owner is carol, not alice/);
    expect(w.state.saved.bindings).toEqual({});
  });

  it('corrects with an update the settings the create did not take, and says so', async () => {
    const w = new World();
    const create = w.service.createGroup.bind(w.service);
    // A server that knows `desc`, not `description`, drops the documented name.
    w.service.createGroup = (input) => create({ ...input, settings: { ...input.settings, description: undefined } });
    const g = on('eng');
    const report = await w.apply(planOf([g.create('alice', { name: 'Engineering', description: 'All engineers' }, [])]));

    const id = w.state.saved.bindings['eng']!.id;
    expect(report.steps[0]).toMatchObject({ status: 'done', note: 'the server did not take description at create; set with an update' });
    expect(w.live(id)?.description).toBe('All engineers');
  });
});

describe('resolveIntents', () => {
  function worldWithIntent() {
    const w = new World();
    const started = w.clock;
    w.clock += MINUTE;
    return { w, started, intent: { key: 'eng', owner: 'alice', name: 'Engineering', started } };
  }

  it('binds the one group that matches', async () => {
    const { w, intent } = worldWithIntent();
    w.group({ name: 'Other', owner: 'alice' });
    w.group({ name: 'Engineering', owner: 'bob', members: ['alice'] });
    const id = w.group({ name: 'Engineering', owner: 'alice' });
    const state = new MemoryState({}, [intent]);

    expect(await resolveIntents(state, w.service)).toEqual([`eng: bound to ${id}, created by an earlier run that did not finish`]);
    expect(state.saved).toEqual({ bindings: { eng: { id } }, intents: {} });
  });

  it('clears the intent when no group matches', async () => {
    const { w, intent } = worldWithIntent();
    const state = new MemoryState({}, [intent]);
    expect(await resolveIntents(state, w.service)).toEqual(['eng: an earlier create did not happen; it will be planned again']);
    expect(state.saved).toEqual({ bindings: {}, intents: {} });
  });

  it('ignores groups made more than a minute before the intent', async () => {
    const { w, started, intent } = worldWithIntent();
    w.clock = started - MINUTE - 1;
    w.group({ name: 'Engineering', owner: 'alice' });
    w.clock = started - MINUTE;
    const id = w.group({ name: 'Engineering', owner: 'alice' });
    const state = new MemoryState({}, [intent]);
    await resolveIntents(state, w.service);
    expect(state.saved.bindings['eng']).toEqual({ id });
  });

  it('ignores groups bound to another key', async () => {
    const { w, intent } = worldWithIntent();
    const taken = w.group({ name: 'Engineering', owner: 'alice' });
    const id = w.group({ name: 'Engineering', owner: 'alice' });
    const state = new MemoryState({ 'eng-old': { id: taken } }, [intent]);
    await resolveIntents(state, w.service);
    expect(state.saved.bindings['eng']).toEqual({ id });
  });

  it('keeps the intent and asks for an import when several groups match', async () => {
    const { w, intent } = worldWithIntent();
    const a = w.group({ name: 'Engineering', owner: 'alice' });
    const b = w.group({ name: 'Engineering', owner: 'alice' });
    const state = new MemoryState({}, [intent, { key: 'ops', owner: 'bob', name: 'Ops', started: intent.started }]);

    const err = await resolveIntents(state, w.service).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntentConflictError);
    expect((err as IntentConflictError).problems).toEqual([
      `eng: an earlier create may have made one of the groups ${a}, ${b}; bind the right one with \`npx groupctl import eng ID\``,
    ]);
    expect((err as IntentConflictError).notes).toEqual(['ops: an earlier create did not happen; it will be planned again']);
    expect(state.saved.intents).toEqual({ eng: intent });
  });

  it('names the import command with the run\'s own flags when given a rerun', async () => {
    const { w, intent } = worldWithIntent();
    w.group({ name: 'Engineering', owner: 'alice' });
    w.group({ name: 'Engineering', owner: 'alice' });
    const state = new MemoryState({}, [intent]);
    const rerun = (command: string, words: readonly string[] = []) => ['npx groupctl', command, ...words, '--state bindings.json'].join(' ');
    const err = await resolveIntents(state, w.service, rerun).catch((e: unknown) => e);
    expect((err as IntentConflictError).problems[0]).toMatch(/bind the right one with `npx groupctl import eng ID --state bindings.json`$/);
  });

  it('settles twins in any order: a twin bound in one pass takes its group out of the other twin\'s reach', async () => {
    const { w, intent } = worldWithIntent();
    const first = w.group({ name: 'Engineering', owner: 'alice' });
    const second = w.group({ name: 'Engineering', owner: 'alice' });
    // eng was looked at first and sees both; eng-2 listed the first as existing before its create.
    const twin = { key: 'eng-2', owner: 'alice', name: 'Engineering', started: intent.started, before: [first] };
    const state = new MemoryState({}, [{ ...intent, before: [] }, twin]);

    const notes = await resolveIntents(state, w.service);
    expect(notes).toEqual([
      `eng-2: bound to ${second}, created by an earlier run that did not finish`,
      `eng: bound to ${first}, created by an earlier run that did not finish`,
    ]);
    expect(state.saved).toEqual({ bindings: { eng: { id: first }, 'eng-2': { id: second } }, intents: {} });
  });
});

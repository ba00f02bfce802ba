/** Renaming a key: without `moved:` the plan points at it; with it the group is kept. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSettled, planJson, startWorkflow, type Workflow } from './helpers.js';

const BEFORE = `groups:
  eng-everyone:
    name: Engineering
    owner: alice
    members: [bob]
`;
const RENAMED = BEFORE.replace('eng-everyone:', 'eng-all:');
const MOVED = `${RENAMED}moved:
  - from: eng-everyone
    to: eng-all
`;

describe('moved:', () => {
  let w: Workflow;
  beforeAll(async () => {
    w = await startWorkflow({ 'groups/eng.yaml': BEFORE }, ['alice', 'bob']);
  });
  afterAll(() => w.close());

  it('a renamed key without moved: is a plan error that prints the entry, and apply creates nothing', async () => {
    expect((await w.cli('apply', '--auto-approve')).code).toBe(0);
    const before = w.bindings();
    w.write('groups/eng.yaml', RENAMED);
    const plan = await w.cli('plan');
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain('group eng-all: the plan creates a group "Engineering" owned by alice, but key eng-everyone');
    expect(plan.stdout).toContain('add "moved: [{from: eng-everyone, to: eng-all}]"');
    expect(plan.stdout).not.toContain('No changes');
    const groups = w.emulator.store.groupCount();
    const apply = await w.cli('apply', '--auto-approve');
    expect(apply.code).toBe(1);
    expect(w.emulator.store.groupCount()).toBe(groups);
    expect(w.bindings()).toEqual(before);
  });

  it('with moved: the binding follows, nothing is created, and the entry is a no-op once applied', async () => {
    const id = w.bindings()['eng-everyone']!.id;
    w.write('groups/eng.yaml', MOVED);
    const moved = await planJson(w);
    expect(moved.code).toBe(2);
    expect(moved.plan.steps).toEqual([]);
    expect(moved.plan.binding_changes).toEqual([{ change: 'move', group: 'eng-all', from: 'eng-everyone', group_id: id, reason: 'moved: in config' }]);

    const applied = await w.cli('apply', '--auto-approve');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('moved eng-everyone -> eng-all');
    expect(w.bindings()).toEqual({ 'eng-all': { id } });
    await expectSettled(w);
  });
});

/**
 * Applying one file of a config (`apply groups/eng.yaml`), or one key (`--target`), keeps
 * every other key's binding, protected groups included; the next full apply creates nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSettled, planJson, startWorkflow, type Workflow } from './helpers.js';

const ENG = `groups:
  eng:
    name: Engineering
    owner: alice
    members: [bob]
  eng-leads:
    name: Eng leads
    owner: alice
`;
const OPS = `groups:
  ops:
    name: Operations
    owner: carol
    protect: true
  oncall:
    name: On call
    owner: carol
`;

describe('a subset apply, then a full apply', () => {
  let w: Workflow;
  beforeAll(async () => {
    w = await startWorkflow({ 'groups/eng.yaml': ENG, 'groups/ops.yaml': OPS }, ['alice', 'bob', 'carol', 'dave']);
  });
  afterAll(() => w.close());

  it('keeps the other files\' bindings and never creates their groups again', async () => {
    expect((await w.cli('apply', '--auto-approve')).code).toBe(0);
    const before = w.bindings();
    expect(Object.keys(before)).toEqual(['eng', 'eng-leads', 'oncall', 'ops']);

    // One file, with a change in it: the other file's keys are listed, kept, not changed.
    w.write('groups/eng.yaml', ENG.replace('members: [bob]', 'members: [bob, dave]'));
    const subset = await w.cli('apply', 'groups/eng.yaml', '--auto-approve');
    expect(subset.code, subset.stderr).toBe(0);
    expect(subset.stdout).toContain('Not in this configuration (bindings kept, nothing planned):');
    expect(subset.stdout).toContain(`# ops (${before.ops!.id})`);
    expect(w.bindings()).toEqual(before);

    const full = await planJson(w);
    expect(full.plan.steps).toEqual([]);
    expect(full.code).toBe(0);
    await expectSettled(w);
  });

  it('--target narrows plan and apply to the keys it names; the rest is neither listed nor touched', async () => {
    w.write('groups/eng.yaml', ENG.replace('members: [bob]', 'members: [bob, dave]').replace('name: Eng leads', 'name: Engineering leads'));
    w.write('groups/ops.yaml', OPS.replace('name: On call', 'name: On-call'));
    const targeted = await planJson(w, '--target', 'eng*');
    expect(targeted.code).toBe(2);
    expect(targeted.plan.steps.map((s) => [s.group, s.action])).toEqual([['eng-leads', 'update']]);
    expect(targeted.plan.unmanaged).toEqual([]);

    expect((await w.cli('apply', '--target', 'eng*', '--auto-approve')).code).toBe(0);
    const rest = await planJson(w);
    expect(rest.plan.steps.map((s) => [s.group, s.action])).toEqual([['oncall', 'update']]);
    expect((await w.cli('apply', '--auto-approve')).code).toBe(0);
    await expectSettled(w);
  });
});

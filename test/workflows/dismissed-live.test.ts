/**
 * A bound group dismissed outside groupctl (the console, another tool): the drift check
 * reports it, apply creates it again and rebinds the key, and the drift check is clean.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSettled, planJson, startWorkflow, type Workflow } from './helpers.js';

const CONFIG = `groups:
  team:
    name: Team
    owner: alice
    admins: [bob]
  side:
    name: Side project
    owner: bob
`;

describe('a group dismissed live, then the drift check and apply', () => {
  let w: Workflow;
  beforeAll(async () => {
    w = await startWorkflow({ 'groups/team.yaml': CONFIG }, ['alice', 'bob']);
  });
  afterAll(() => w.close());

  it('is planned as a create that rebinds the key, and apply does it', async () => {
    expect((await w.cli('apply', '--auto-approve')).code).toBe(0);
    const oldId = w.bindings().team!.id;
    const dismissed = await fetch(`${w.env.GROUPCTL_BASE_URL}/chatgroups/${oldId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${w.env.GROUPCTL_TOKEN}` },
    });
    expect(dismissed.status).toBe(200);

    const drift = await planJson(w);
    expect(drift.code).toBe(2);
    expect(drift.plan.steps.map((s) => [s.group, s.action])).toEqual([
      ['team', 'create'],
      ['team', 'add-admin'],
    ]);
    expect(drift.plan.steps[0]!.details.replaces).toBe(oldId);

    const applied = await w.cli('apply', '--auto-approve');
    expect(applied.code, applied.stderr + applied.stdout).toBe(0);
    const newId = w.bindings().team!.id;
    expect(newId).not.toBe(oldId);
    expect(w.emulator.store.getGroup(newId)).toMatchObject({ groupname: 'Team', owner: 'alice', admins: ['bob'] });
    await expectSettled(w);
  });
});

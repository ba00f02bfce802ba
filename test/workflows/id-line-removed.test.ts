/**
 * Adopting a group with `id:` records the binding at apply, so deleting the line later (the
 * habit from Terraform `import` blocks) changes nothing; an `id:` that disagrees with the
 * state file is a located plan error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSettled, planJson, startWorkflow, type Workflow } from './helpers.js';

const ID = '228000000000777';
const WITH_ID = `groups:
  support:
    id: "${ID}"
    name: Support
    owner: alice
    members: [bob]
`;
const WITHOUT_ID = WITH_ID.replace(`    id: "${ID}"\n`, '');

describe('an id: line removed after apply', () => {
  let w: Workflow;
  beforeAll(async () => {
    w = await startWorkflow({ 'groups/support.yaml': WITH_ID }, ['alice', 'bob'], {
      groups: [
      { id: ID, groupname: 'Support', owner: 'alice', members: [], admins: [], public: false },
      { id: '228000000000778', groupname: 'Other', owner: 'alice', members: [], admins: [], public: false },
      ],
    });
  });
  afterAll(() => w.close());

  it('is recorded at apply and needs nothing afterwards', async () => {
    const first = await planJson(w);
    expect(first.plan.binding_changes).toEqual([{ change: 'bind', group: 'support', group_id: ID, reason: 'id: in config' }]);
    expect(first.plan.steps.map((s) => s.action)).toEqual(['add-member']);
    expect((await w.cli('apply', '--auto-approve')).code).toBe(0);
    expect(w.bindings()).toEqual({ support: { id: ID } });

    w.write('groups/support.yaml', WITHOUT_ID);
    await expectSettled(w);
  });

  it('refuses an id: that disagrees with the state file, saying where and how to fix it', async () => {
    w.write('groups/support.yaml', WITH_ID.replace(ID, '228000000000778'));
    const plan = await w.cli('plan');
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain(
      `group support: id: 228000000000778 disagrees with the state file, which binds support to group ${ID}. ` +
        `If ${ID} is right, set id: "${ID}" or remove the id: line; if 228000000000778 is right, rebind the key with "npx groupctl import support 228000000000778" (groups/support.yaml:2:3)`,
    );
    w.write('groups/support.yaml', WITHOUT_ID);
    await expectSettled(w);
  });
});

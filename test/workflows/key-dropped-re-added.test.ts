/** A key dropped from the config for a while and added back finds its group again. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSettled, planJson, startWorkflow, type Workflow } from './helpers.js';

const BOTH = `groups:
  team:
    name: Team
    owner: alice
  side:
    name: Side project
    owner: bob
    members: [carol]
`;
const TEAM_ONLY = BOTH.slice(0, BOTH.indexOf('  side:'));

describe('a key dropped and re-added', () => {
  let w: Workflow;
  beforeAll(async () => {
    w = await startWorkflow({ 'groups/team.yaml': BOTH }, ['alice', 'bob', 'carol']);
  });
  afterAll(() => w.close());

  it('keeps its binding while it is gone and plans no create when it comes back', async () => {
    expect((await w.cli('apply', '--auto-approve')).code).toBe(0);
    const sideId = w.bindings().side!.id;

    w.write('groups/team.yaml', TEAM_ONLY);
    const dropped = await planJson(w);
    expect(dropped.code).toBe(0);
    expect(dropped.plan.unmanaged).toEqual([{ group: 'side', group_id: sideId, reason: 'not in this configuration: binding kept, nothing planned' }]);
    expect((await w.cli('apply', '--auto-approve')).code).toBe(0);
    expect(w.bindings().side).toEqual({ id: sideId });

    w.write('groups/team.yaml', BOTH);
    const back = await planJson(w);
    expect(back.plan.steps).toEqual([]);
    expect(back.code).toBe(0);
    await expectSettled(w);
  });
});

/**
 * Workflow: a plan is saved for review; before it is applied, another apply changes the
 * bindings of the same state file (a teammate's merge). The saved plan is refused by
 * serial; a new plan applies.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { countDuplicates, startWorkflow, type Workflow } from './cli-workflow.js';

const TEAM = 'groups:\n  team:\n    name: Team\n    owner: alice\n';
const WITH_NEW = `${TEAM}  new:\n    name: New\n    owner: bob\n`;

let flow: Workflow;
beforeAll(async () => {
  flow = await startWorkflow(['alice', 'bob']);
});
afterAll(() => flow?.close());

it('refuses a saved plan whose state file changed its bindings since, and settles with a new plan', async () => {
  flow.write('groups/team.yaml', TEAM);
  await flow.ok('apply', '--auto-approve');

  // Branch A saves a plan that creates "new".
  flow.write('groups/team.yaml', WITH_NEW);
  await flow.ok('plan', '--out', 'plan.json');
  // Branch B lands first and creates it.
  await flow.ok('apply', '--auto-approve');

  const refused = await flow.cli('apply', '--plan', 'plan.json', '--auto-approve');
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/it was made from serial 1 of .*groupctl\.state\.json, which is now at serial 2: its bindings changed since/);
  expect(await countDuplicates(flow.emulator)).toEqual({ duplicates: 0, groups: 2 });

  await flow.ok('plan', '--out', 'plan.json');
  await flow.ok('apply', '--plan', 'plan.json', '--auto-approve');
  await flow.expectSettled();
});

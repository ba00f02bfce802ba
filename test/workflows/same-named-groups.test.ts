/**
 * Workflow: an app already holds two groups with the same owner and name, and the config
 * declares one such group with no state file. groupctl cannot tell which one is meant: the
 * plan fails naming both ids; the user binds one with `id:` and dismisses the other.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { countDuplicates, startWorkflow, type Workflow } from './cli-workflow.js';

let flow: Workflow;
beforeAll(async () => {
  flow = await startWorkflow(['alice', 'bob']);
});
afterAll(() => flow?.close());

async function createLive(name: string): Promise<string> {
  const response = await fetch(`${flow.emulator.baseUrls.easemob}/chatgroups`, {
    method: 'POST',
    headers: { authorization: 'Bearer emulator-token', 'content-type': 'application/json' },
    body: JSON.stringify({ groupname: name, description: '', public: false, maxusers: 200, owner: 'alice' }),
  });
  return ((await response.json()) as { data: { groupid: string } }).data.groupid;
}

it('refuses to guess between two same-named groups, and settles once one is bound by id', async () => {
  const first = await createLive('Engineering');
  const second = await createLive('Engineering');
  flow.write('groups/eng.yaml', 'groups:\n  eng:\n    name: Engineering\n    owner: alice\n    members: [bob]\n');

  const plan = await flow.cli('plan');
  expect(plan.code).toBe(1);
  expect(plan.stdout).toContain(`(${[first, second].sort().join(', ')})`);
  expect(plan.stdout).toMatch(/group eng: 2 live groups bound to no key have owner alice and name "Engineering".*add `id: "ONE_OF_THEM"`.*\(groups\/eng\.yaml:2:3\)/);
  const refused = await flow.cli('apply', '--auto-approve');
  expect(refused.code).toBe(1);
  expect(await countDuplicates(flow.emulator)).toEqual({ duplicates: 1, groups: 2 });

  flow.write(
    'groups/eng.yaml',
    `groups:\n  eng:\n    id: "${first}"\n    name: Engineering\n    owner: alice\n    members: [bob]\n` +
      `  eng-copy:\n    id: "${second}"\n    ensure: dismissed\n`,
  );
  await flow.ok('apply', '--auto-approve', '--allow-dismiss');
  expect(await countDuplicates(flow.emulator)).toEqual({ duplicates: 0, groups: 1 });
  await flow.expectSettled();
});

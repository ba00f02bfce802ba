/**
 * Workflow: the state file is lost (a new clone without it, deleted by hand). The next plan
 * finds the groups by owner and name and imports them; nothing is created twice.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bindingsIn, countDuplicates, startWorkflow, type Workflow } from './cli-workflow.js';

const CONFIG = `groups:
  eng:
    name: Engineering
    owner: alice
    admins: [bob]
    members: [carol]
  ops:
    name: Operations
    owner: bob
  sales:
    name: Sales
    owner: carol
    members: [alice]
`;

let flow: Workflow;
beforeAll(async () => {
  flow = await startWorkflow(['alice', 'bob', 'carol', 'dave']);
});
afterAll(() => flow?.close());

it('plans imports instead of creates after the state file is deleted, and apply binds them again', async () => {
  flow.write('groups/org.yaml', CONFIG);
  await flow.ok('apply', '--auto-approve');
  const stateFile = path.join(flow.dir, 'groups/groupctl.state.json');
  const before = bindingsIn(readFileSync(stateFile, 'utf8'));
  rmSync(stateFile);

  // Meanwhile the config changes a little: ops gets a member.
  flow.write('groups/org.yaml', CONFIG.replace('    owner: bob\n', '    owner: bob\n    members: [dave]\n'));
  const plan = await flow.ok('plan', '--format', 'json');
  const json = JSON.parse(plan.stdout) as { steps: Array<{ group: string; action: string; group_id?: string }>; summary: Record<string, number> };
  expect(json.summary.create).toBe(0);
  expect(json.summary.import).toBe(3);
  expect(json.steps.filter((s) => s.action === 'import').map((s) => [s.group, s.group_id])).toEqual(Object.entries(before).sort());
  expect(json.steps.filter((s) => s.action === 'add-member')).toEqual([expect.objectContaining({ group: 'ops', group_id: before.ops })]);

  const text = await flow.ok('plan');
  expect(text.stdout).toMatch(/Plan: 0 to create, 3 to import, 1 to change, 0 to dismiss/);

  await flow.ok('apply', '--auto-approve');
  expect(bindingsIn(readFileSync(stateFile, 'utf8'))).toEqual(before);
  expect(await countDuplicates(flow.emulator)).toEqual({ duplicates: 0, groups: 3 });
  await flow.expectSettled();
});

/**
 * Workflow: a plan saved from one state file is applied with another (another config
 * path, another --state). It is refused by lineage and changes nothing; applied where it
 * was made, it works.
 */
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bindingsIn, countDuplicates, startWorkflow, type Workflow } from './cli-workflow.js';

const CONFIG = 'groups:\n  team:\n    name: Team\n    owner: alice\n    members: [bob]\n';

let flow: Workflow;
beforeAll(async () => {
  flow = await startWorkflow(['alice', 'bob', 'carol']);
});
afterAll(() => flow?.close());

it('refuses a saved plan of another state file, by lineage, and applies it with its own', async () => {
  flow.write('prod/team.yaml', CONFIG);
  await flow.ok('apply', 'prod', '--auto-approve');
  // A second checkout of the same config with its own state file: it adopts the same group.
  cpSync(path.join(flow.dir, 'prod/team.yaml'), path.join(flow.dir, 'copy/team.yaml'));
  await flow.ok('apply', 'copy', '--auto-approve');
  expect(bindingsIn(readFileSync(path.join(flow.dir, 'copy/groupctl.state.json'), 'utf8'))).toEqual(
    bindingsIn(readFileSync(path.join(flow.dir, 'prod/groupctl.state.json'), 'utf8')),
  );

  flow.write('prod/team.yaml', CONFIG.replace('[bob]', '[bob, carol]'));
  await flow.ok('plan', 'prod', '--out', 'plan.json');
  const before = JSON.stringify(flow.emulator.store.toData());

  for (const args of [['copy'], ['prod', '--state', 'elsewhere.json']]) {
    const refused = await flow.cli('apply', ...args, '--plan', 'plan.json', '--auto-approve');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/refusing the saved plan plan\.json: it was made from another state file \(lineage [0-9a-f-]{36}\)/);
    expect(JSON.stringify(flow.emulator.store.toData())).toBe(before);
  }

  await flow.ok('apply', 'prod', '--plan', 'plan.json', '--auto-approve');
  expect(await countDuplicates(flow.emulator)).toEqual({ duplicates: 0, groups: 1 });
  await flow.expectSettled('prod');
});

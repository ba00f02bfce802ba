/**
 * Workflow: a saved plan is edited after review (a step added, a user changed, a details
 * object emptied). Every edit is refused with a message naming the file; nothing changes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { countDuplicates, startWorkflow, type Workflow } from './cli-workflow.js';

const CONFIG = 'groups:\n  team:\n    name: Team\n    owner: alice\n    members: [bob]\n  new:\n    name: New\n    owner: bob\n';

let flow: Workflow;
beforeAll(async () => {
  flow = await startWorkflow(['alice', 'bob', 'carol', 'mallory']);
});
afterAll(() => flow?.close());

type Json = { steps: Array<Record<string, any>>; summary: Record<string, number> };

it('refuses every edit of a saved plan and applies the plan as saved', async () => {
  flow.write('groups/team.yaml', CONFIG.replace('  new:\n    name: New\n    owner: bob\n', ''));
  await flow.ok('apply', '--auto-approve');
  flow.write('groups/team.yaml', CONFIG.replace('[bob]', '[bob, carol]'));
  await flow.ok('plan', '--out', 'plan.json');
  const file = path.join(flow.dir, 'plan.json');
  const saved = readFileSync(file, 'utf8');
  const before = JSON.stringify(flow.emulator.store.toData());

  const edits: Array<[string, (j: Json) => void, RegExp]> = [
    ['a user changed', (j) => (j.steps.find((s) => s.action === 'add-member')!.details.user = 'mallory'), /does not match its own digest/],
    [
      'a step added, summary and all',
      (j) => {
        j.steps.push({ group: 'team', group_id: j.steps.find((s) => s.group === 'team')!.group_id, action: 'remove-member', details: { user: 'bob' } });
        j.summary['remove-member'] = 1;
      },
      /does not match its own digest/,
    ],
    ['details: null', (j) => (j.steps[0]!.details = null), /steps\[0\]\.details: null, expected an object/],
    ['an action it does not know', (j) => (j.steps[0]!.action = 'purge'), /steps\[0\]\.action: "purge" is not one of/],
    [
      'a user of the wrong type, located in the file',
      (j) => (j.steps.find((s) => s.action === 'add-member')!.details.user = 7),
      /^ {2}- plan\.json: steps\[\d+\]\.details\.user: the number 7, expected a user id$/m,
    ],
  ];
  for (const [what, edit, message] of edits) {
    const json = JSON.parse(saved) as Json;
    edit(json);
    writeFileSync(file, JSON.stringify(json, null, 2));
    const refused = await flow.cli('apply', '--plan', 'plan.json', '--auto-approve');
    expect(refused.code, what).toBe(1);
    expect(refused.stderr, what).toContain(`the saved plan ${file} cannot be applied`);
    expect(refused.stderr, what).toMatch(message);
    expect(refused.stderr, what).not.toMatch(/TypeError|at .*\.js:\d+/);
    expect(JSON.stringify(flow.emulator.store.toData()), what).toBe(before);
  }

  writeFileSync(file, saved);
  const applied = await flow.ok('apply', '--plan', 'plan.json', '--auto-approve', '--report', 'report.json');
  expect(applied.stdout).not.toContain('risky');
  const report = JSON.parse(readFileSync(path.join(flow.dir, 'report.json'), 'utf8')) as { steps: object[] };
  expect(report.steps.some((s) => 'risky' in s)).toBe(false);
  expect(await countDuplicates(flow.emulator)).toEqual({ duplicates: 0, groups: 2 });
  await flow.expectSettled();
});

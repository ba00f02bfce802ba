/**
 * Plan warnings for large groups (issue 21, FACTS.md): `max_users` over 3000 (no offline
 * push; 3000 itself gets none) and `scale: large` on a create. They do not stop the plan.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runInProcess } from '../cli/in-process.js';
import { tempDir } from '../helpers/cli.js';
import { expectPlanMatchesSchema } from '../helpers/plan-schema.js';

const CONFIG = `groups:
  big:
    name: Big
    owner: alice
    max_users: 5000
  edge:
    name: Edge
    owner: alice
    max_users: 3000
`;

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, seed: { users: ['alice'], groups: [] } });
});
afterAll(() => emulator?.close());

it('plan warns once for the group over 3000, names what changes, and still plans both creates', async () => {
  const dir = tempDir({ 'groups/g.yaml': CONFIG });
  const env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' };
  const plan = await runInProcess(['plan', '--format', 'json', '--detailed-exitcode'], { cwd: dir, env });
  expect(plan.code, plan.stderr).toBe(2);
  const json = JSON.parse(plan.stdout) as { steps: { group: string; action: string }[]; warnings: { group?: string; message: string }[]; errors: unknown[] };
  expect(json.errors).toEqual([]);
  expect(json.steps.map((s) => `${s.group} ${s.action}`).sort()).toEqual(['big create', 'edge create']);
  expect(json.warnings).toEqual([{ group: 'big', message: expect.stringContaining('group big: max_users 5000 is over 3000: the service sends such a group no offline push') }]);
  const text = await runInProcess(['plan'], { cwd: dir, env });
  expect(text.stdout).toContain('Warning: group big: max_users 5000 is over 3000');
  expect(text.stdout).not.toContain('group edge:');
  const markdown = await runInProcess(['plan', '--format', 'markdown'], { cwd: dir, env });
  expect(markdown.stdout).toMatch(/#### .*1 warning\n\n- group big: max\\_users 5000 is over 3000: the service sends such a group no offline push/);
});

it('scale: large is sent with the create, makes max_users default to 1000, and warns only while the plan creates the group', async () => {
  const dir = tempDir({ 'groups/g.yaml': 'groups:\n  hall:\n    name: Hall\n    owner: alice\n    scale: large\n' });
  const env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' };
  const plan = await runInProcess(['plan', '--format', 'json', '--detailed-exitcode'], { cwd: dir, env });
  expect(plan.code, plan.stderr).toBe(2);
  const json = JSON.parse(plan.stdout) as { steps: { action: string; details: { scale?: string } }[]; warnings: { group?: string; message: string }[] };
  expectPlanMatchesSchema(json as never);
  expect(json.steps.map((s) => [s.action, s.details.scale])).toEqual([['create', 'large']]);
  expect(json.warnings).toEqual([
    { group: 'hall', message: expect.stringContaining('group hall: scale: large creates a large group (for more than 3000 members): it gets no offline push') },
  ]);
  expect(json.warnings[0]!.message).toContain('max_users is left out, so it becomes 1000');
  const text = await runInProcess(['plan'], { cwd: dir, env });
  expect(text.stdout).toContain('+ scale: "large"');
  expect(text.stdout).toContain('Warning: group hall: scale: large creates a large group');
  const markdown = await runInProcess(['plan', '--format', 'markdown'], { cwd: dir, env });
  expect(markdown.stdout).toContain('group hall: scale: large creates a large group');

  const apply = await runInProcess(['apply', '--auto-approve'], { cwd: dir, env });
  expect(apply.code, apply.stderr).toBe(0);
  const state = JSON.parse(readFileSync(path.join(dir, 'groups/groupctl.state.json'), 'utf8')) as { bindings: Record<string, { id: string }> };
  expect(emulator.store.getGroup(state.bindings.hall!.id)?.maxusers).toBe(1000);
  const again = await runInProcess(['plan', '--format', 'json', '--detailed-exitcode'], { cwd: dir, env });
  expect(again.code, again.stderr).toBe(0);
  expect(JSON.parse(again.stdout)).toMatchObject({ steps: [], warnings: [] });
});

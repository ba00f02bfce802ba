/**
 * A plan warning for `max_users` over 3000 (issue 21, FACTS.md): such a group gets no
 * offline push. The warning does not stop the plan; 3000 itself gets none.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runInProcess } from '../cli/in-process.js';
import { tempDir } from '../helpers/cli.js';

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

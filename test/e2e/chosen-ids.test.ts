/**
 * Chosen group ids (issue 24, `apply --id-strategy chosen`): creates send a groupid
 * derived from the state lineage and the key, a create whose answer was lost is adopted
 * under that id (read back, or sent again to hear "already exists"), never made twice;
 * an app that ignores groupid is found out by the first create and said once.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { chosenGroupId } from '../../src/apply/chosen-ids.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { runInProcess } from '../cli/in-process.js';
import { tempDir } from '../helpers/cli.js';

let emulator: RunningEmulator | undefined;
afterEach(() => emulator?.close());

const CONFIG = `groups:
  alpha:
    name: Alpha
    owner: alice
  beta:
    name: Beta
    owner: alice
`;

async function apply(options: EmulatorOptions, flags: string[]) {
  emulator = await startEmulator({ quiet: true, seed: { users: ['alice', 'bob'] }, ...options });
  const env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' };
  const dir = tempDir({ 'groups/g.yaml': CONFIG });
  const run = await runInProcess(['apply', '--auto-approve', ...flags], { cwd: dir, env });
  const file = [path.join(dir, 'groupctl.state.json'), path.join(dir, 'groups', 'groupctl.state.json')].find((f) => existsSync(f));
  const state = JSON.parse(readFileSync(file!, 'utf8')) as { lineage: string; bindings: Record<string, { id: string }> };
  const ids = emulator.store.userGroups('alice', 0, 20).groups.map((g: { id: string }) => g.id).sort();
  return { out: run.stdout + run.stderr, code: run.code, state, ids };
}

it('two lost create answers: the first is read back under its chosen id, the second sent again and adopted on "already exists"', async () => {
  const run = await apply({ loseCreateAnswers: 2, groupsPerApp: 2 }, ['--id-strategy', 'chosen', '--concurrency', '1']);
  expect(run.code, run.out).toBe(0);
  const want = ['alpha', 'beta'].map((key) => chosenGroupId(run.state.lineage, key, undefined));
  expect(run.ids).toEqual([...want].sort());
  expect(run.state.bindings['alpha']?.id).toBe(want[0]);
  expect(run.state.bindings['beta']?.id).toBe(want[1]);
  expect(run.out).toContain('adopted');
});

it('an app that ignores groupid: found out by the first create, said once, and every group has a service id', async () => {
  const run = await apply({ dialects: 'create-ignores-groupid' }, ['--id-strategy', 'chosen']);
  expect(run.code, run.out).toBe(0);
  expect(run.out.split('this app ignores groupid; creates use service ids').length - 1).toBe(1);
  expect(run.ids).toHaveLength(2);
  for (const id of run.ids) expect(id.startsWith('gc')).toBe(false);
  expect(Object.values(run.state.bindings).map((b) => b.id).sort()).toEqual(run.ids);
});

it('the default strategy sends no groupid', async () => {
  const run = await apply({}, []);
  expect(run.code, run.out).toBe(0);
  for (const id of run.ids) expect(id.startsWith('gc')).toBe(false);
});

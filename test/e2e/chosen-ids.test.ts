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
import { groupIdProblem } from '../../src/model/group.js';
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

async function apply(options: EmulatorOptions, flags: string[], files: Record<string, string> = {}, extraEnv: Record<string, string> = {}) {
  emulator = await startEmulator({ quiet: true, seed: { users: ['alice', 'bob'] }, ...options });
  const env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token', ...extraEnv };
  const dir = tempDir({ 'groups/g.yaml': CONFIG, ...files });
  const run = await runInProcess(['apply', '--auto-approve', '--state', 'run.state.json', ...flags], { cwd: dir, env });
  const file = path.join(dir, 'run.state.json');
  const state = JSON.parse(existsSync(file) ? readFileSync(file, 'utf8') : '{"bindings":{}}') as { lineage: string; bindings: Record<string, { id: string }> };
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
  const run = await apply({ dialects: 'create-ignores-groupid' }, [], {}, { GROUPCTL_ID_STRATEGY: 'chosen' });
  expect(run.code, run.out).toBe(0);
  expect(run.out.split('this app ignores groupid; creates use service ids').length - 1).toBe(1);
  expect(run.ids).toHaveLength(2);
  for (const id of run.ids) expect(id.startsWith('gc')).toBe(false);
  expect(Object.values(run.state.bindings).map((b) => b.id).sort()).toEqual(run.ids);
});

it('a chosen id held by a group of another owner is never bound', async () => {
  const lineage = '5b0c7f4e-2d1a-4c3b-9e8f-0a1b2c3d4e5f';
  const foreign = chosenGroupId(lineage, 'alpha', undefined);
  const seed = { users: ['alice', 'bob'], groups: [{ id: foreign, owner: 'bob', groupname: 'Alpha', public: false }] };
  const state = JSON.stringify({ version: 1, lineage, serial: 0, bindings: {}, intents: {} });
  const run = await apply({ seed }, ['--id-strategy', 'chosen', '--concurrency', '1'], { 'run.state.json': state });
  expect(run.code, run.out).not.toBe(0);
  expect(run.out).toContain(`group id ${foreign} is taken by another group; not binding`);
  expect(run.state.bindings['alpha']).toBeUndefined();
  expect(emulator!.store.getGroup(foreign)?.owner).toBe('bob');
});

it('the chosen id passes the one id rule and differs by lineage, key and replaced id', () => {
  const ids = [chosenGroupId('L1', 'a', undefined), chosenGroupId('L2', 'a', undefined), chosenGroupId('L1', 'b', undefined), chosenGroupId('L1', 'a', '123')];
  expect(new Set(ids).size).toBe(4);
  for (const id of ids) expect(groupIdProblem(id)).toBeUndefined();
  expect(chosenGroupId('L1', 'a', undefined)).toBe(ids[0]);
});

it('the default strategy sends no groupid', async () => {
  const run = await apply({}, []);
  expect(run.code, run.out).toBe(0);
  for (const id of run.ids) expect(id.startsWith('gc')).toBe(false);
});

it('refuses an unknown strategy, naming the flag', async () => {
  const run = await apply({}, ['--id-strategy', 'mine']);
  expect(run.code).not.toBe(0);
  expect(run.out).toContain('--id-strategy must be service or chosen, got "mine"');
});

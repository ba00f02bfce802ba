/**
 * The id strategy as config (issue 24): `id_strategy:` in a file a team reviews, stated
 * once across files (a second value is a located error), `--id-strategy` and
 * GROUPCTL_ID_STRATEGY over it; a plan that creates says so and records it, and
 * `apply --plan` creates with the recorded strategy, refusing a flag that asks for the other.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { chosenGroupId } from '../../src/apply/chosen-ids.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { runInProcess } from '../cli/in-process.js';
import { tempDir } from '../helpers/cli.js';

let emulator: RunningEmulator | undefined;
afterEach(() => emulator?.close());

const GROUPS = `groups:
  alpha:
    name: Alpha
    owner: alice
`;
const CHOSEN = `id_strategy: chosen\n${GROUPS}`;
const SENTENCE = 'Creates use chosen ids derived from the state lineage and each key';

async function world(files: Record<string, string>, options: EmulatorOptions = {}) {
  emulator = await startEmulator({ quiet: true, seed: { users: ['alice', 'bob'] }, ...options });
  const env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' };
  const dir = tempDir(files);
  const run = async (args: string[], extraEnv: Record<string, string> = {}) => {
    const r = await runInProcess([...args, '--state', 'run.state.json'], { cwd: dir, env: { ...env, ...extraEnv } });
    return { out: r.stdout + r.stderr, stdout: r.stdout, code: r.code };
  };
  const stateFile = () => {
    const file = path.join(dir, 'run.state.json');
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { lineage?: string; groupid?: string }) : {};
  };
  const lineage = () => stateFile().lineage;
  const ids = () => emulator!.store.userGroups('alice', 0, 20).groups.map((g: { id: string }) => g.id);
  return { dir, run, lineage, stateFile, ids };
}

it('id_strategy: chosen in config: apply creates under the chosen id, and plan says so', async () => {
  const w = await world({ 'groups/g.yaml': CHOSEN });
  const plan = await w.run(['plan']);
  expect(plan.code, plan.out).toBe(0);
  expect(plan.stdout).toContain(SENTENCE);
  const applied = await w.run(['apply', '--auto-approve']);
  expect(applied.code, applied.out).toBe(0);
  expect(w.ids()).toEqual([chosenGroupId(w.lineage()!, 'alpha', undefined)]);
});

it('without id_strategy the plan says nothing of ids and the service picks them', async () => {
  const w = await world({ 'groups/g.yaml': GROUPS });
  const plan = await w.run(['plan', '--format', 'json']);
  expect(plan.code, plan.out).toBe(0);
  expect((JSON.parse(plan.stdout) as { id_strategy?: string }).id_strategy).toBe('service');
  expect((await w.run(['plan'])).stdout).not.toContain(SENTENCE);
  expect((await w.run(['apply', '--auto-approve'])).code).toBe(0);
  expect(w.ids()).toHaveLength(1);
  expect(w.ids()[0]!.startsWith('gc')).toBe(false);
});

it('the flag and the variable override the config', async () => {
  const w = await world({ 'groups/g.yaml': CHOSEN });
  expect((await w.run(['plan', '--id-strategy', 'service'])).stdout).not.toContain(SENTENCE);
  const applied = await w.run(['apply', '--auto-approve'], { GROUPCTL_ID_STRATEGY: 'service' });
  expect(applied.code, applied.out).toBe(0);
  expect(w.ids()[0]!.startsWith('gc')).toBe(false);
});

it('two files stating different strategies: a located error naming both places; the same value twice is fine', async () => {
  const w = await world({ 'groups/a.yaml': CHOSEN, 'groups/b.yaml': 'id_strategy: service\n' });
  const run = await w.run(['validate']);
  expect(run.code).not.toBe(0);
  expect(run.out).toContain('groups/b.yaml:1:14: id_strategy: is service here but chosen in groups/a.yaml:1: state id_strategy once');
  const same = await world({ 'groups/a.yaml': CHOSEN, 'groups/b.yaml': 'id_strategy: chosen\n' });
  expect((await same.run(['validate'])).code).toBe(0);
});

it('an unknown value is a schema error at its line', async () => {
  const w = await world({ 'groups/g.yaml': `${GROUPS}id_strategy: mine\n` });
  const run = await w.run(['validate']);
  expect(run.code).not.toBe(0);
  expect(run.out).toMatch(/groups\/g\.yaml:5:\d+: id_strategy: .*service.*chosen/);
});

it('a saved plan records its strategy: apply --plan creates with it, and refuses a flag asking for the other', async () => {
  const w = await world({ 'groups/g.yaml': CHOSEN });
  expect((await w.run(['plan', '--out', 'plan.json'])).code).toBe(0);
  expect((JSON.parse(readFileSync(path.join(w.dir, 'plan.json'), 'utf8')) as { id_strategy?: string }).id_strategy).toBe('chosen');
  const refused = await w.run(['apply', '--plan', 'plan.json', '--auto-approve', '--id-strategy', 'service']);
  expect(refused.code).not.toBe(0);
  expect(refused.out).toContain('refusing the saved plan plan.json: it was made with id strategy chosen, but this apply asks for service');
  expect(w.ids()).toEqual([]);
  // The config is not read again with --plan: the plan's own record decides.
  const applied = await w.run(['apply', '--plan', 'plan.json', '--auto-approve']);
  expect(applied.code, applied.out).toBe(0);
  expect(w.ids()).toEqual([chosenGroupId(w.lineage()!, 'alpha', undefined)]);
});

const BETA = `  beta:\n    name: Beta\n    owner: alice\n`;

it('an app that ignored groupid: the state file remembers it, and the next plan with chosen ids warns', async () => {
  const w = await world({ 'groups/g.yaml': CHOSEN }, { dialects: 'create-ignores-groupid' });
  const applied = await w.run(['apply', '--auto-approve']);
  expect(applied.code, applied.out).toBe(0);
  expect(w.stateFile().groupid).toBe('ignored');
  writeFileSync(path.join(w.dir, 'groups/g.yaml'), CHOSEN + BETA);
  const plan = await w.run(['plan']);
  expect(plan.code, plan.out).toBe(0);
  expect(plan.stdout).toContain('Warning: this app ignored groupid when an earlier apply sent chosen ids');
  expect(plan.stdout).toContain(SENTENCE);
  // With the service's ids the warning has nothing to say.
  expect((await w.run(['plan', '--id-strategy', 'service'])).stdout).not.toContain('ignored groupid');
});

it('an app that takes groupid: remembered as honoured, and no warning', async () => {
  const w = await world({ 'groups/g.yaml': CHOSEN });
  expect((await w.run(['apply', '--auto-approve'])).code).toBe(0);
  expect(w.stateFile().groupid).toBe('honoured');
  writeFileSync(path.join(w.dir, 'groups/g.yaml'), CHOSEN + BETA);
  const plan = await w.run(['plan']);
  expect(plan.stdout).toContain(SENTENCE);
  expect(plan.stdout).not.toContain('Warning');
});

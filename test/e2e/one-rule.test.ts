/**
 * One rule for refusals (issue 22): `plan` refuses, exit 1 and in apply's words, whatever
 * `apply` would refuse with the same flags; an error is never followed by "No changes";
 * `validate` reads the state file (never the network) and says first what plan would refuse.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { tempDir } from '../helpers/cli.js';
import { runInProcess } from '../cli/in-process.js';

const TEAM = 'groups:\n  team:\n    name: Team\n    owner: alice\n    admins: [bob]\n';

describe('plan refuses what apply refuses', () => {
  let emulator: RunningEmulator;
  let dir: string;
  let env: Record<string, string>;
  const cli = (...args: string[]) => runInProcess(args, { cwd: dir, env });
  const writeConfig = (yaml: string) => writeFileSync(path.join(dir, 'groups/team.yaml'), yaml);

  beforeEach(async () => {
    emulator = await startEmulator({ quiet: true, seed: { users: ['alice', 'bob'], groups: [] } });
    env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' };
    dir = tempDir({ 'groups/team.yaml': TEAM });
  });
  afterEach(() => emulator?.close());

  it('a dismiss: plan exits 1 with apply\'s words unless --allow-dismiss, as apply does', async () => {
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    writeConfig(TEAM.replace('    admins: [bob]\n', '    ensure: dismissed\n'));
    const plan = await cli('plan');
    const apply = await cli('apply', '--auto-approve');
    expect(plan.code).toBe(1);
    expect(apply.code).toBe(1);
    const words = '1 dismiss step: pass --allow-dismiss to allow them';
    expect(plan.stdout + plan.stderr).toContain(words);
    expect(apply.stderr).toContain(words);
    expect(plan.stdout).not.toContain('No changes');

    const allowed = await cli('plan', '--allow-dismiss', '--detailed-exitcode');
    expect(allowed.code, allowed.stdout + allowed.stderr).toBe(2);
    expect(allowed.stdout).toContain('1 to dismiss');
  });

  it('a saved plan made with --allow-dismiss names the flag in its apply hint', async () => {
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    writeConfig(TEAM.replace('    admins: [bob]\n', '    ensure: dismissed\n'));
    const saved = await cli('plan', '--allow-dismiss', '--out', 'plan.json');
    expect(saved.code).toBe(0);
    expect(saved.stderr).toContain('apply it with: npx groupctl apply --allow-dismiss --plan plan.json');
    const savedPlan = JSON.parse(readFileSync(path.join(dir, 'plan.json'), 'utf8'));
    expect(savedPlan.errors ?? []).toEqual([]);
  });

  it('--target that matches nothing: exit 1, and no "No changes" after the error', async () => {
    const plan = await cli('plan', '--target', 'nope');
    expect(plan.code).toBe(1);
    expect(plan.stdout + plan.stderr).toContain('--target nope matches no key');
    expect(plan.stdout).not.toContain('No changes');
  });

  it('a new group without owner: plan exits 1 naming the owner, never "No changes"', async () => {
    writeConfig('groups:\n  team:\n    name: Team\n');
    const plan = await cli('plan');
    expect(plan.code).toBe(1);
    expect(plan.stdout + plan.stderr).toContain('group team: an owner is required to create the group');
    expect(plan.stdout).not.toContain('No changes');
  });
});

describe('validate reads the state file, never the network', () => {
  // No GROUPCTL_BASE_URL at all: validate must not need one.
  const validate = (dir: string, ...args: string[]) => runInProcess(['validate', ...args], { cwd: dir, env: {} });

  it('refuses a new group without owner, in plan\'s words', async () => {
    const dir = tempDir({ 'groups/team.yaml': 'groups:\n  team:\n    name: Team\n' });
    const result = await validate(dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('group team: an owner is required to create the group (groups/team.yaml:2:3)');
    expect(result.stdout).not.toContain('Configuration is valid');
  });

  it('accepts the same group once the state file binds it (its owner is then not managed)', async () => {
    const dir = tempDir({
      'groups/team.yaml': 'groups:\n  team:\n    name: Team\n',
      'groups/groupctl.state.json': JSON.stringify({ version: 1, bindings: { team: { id: '228000000000001' } } }),
    });
    const result = await validate(dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Configuration is valid: 1 group in 1 file.');
  });

  it('refuses an id: that disagrees with the state file, naming both ids', async () => {
    const dir = tempDir({
      'groups/team.yaml': 'groups:\n  team:\n    id: "228000000000002"\n    name: Team\n',
      'groups/groupctl.state.json': JSON.stringify({ version: 1, bindings: { team: { id: '228000000000001' } } }),
    });
    const result = await validate(dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('228000000000002');
    expect(result.stderr).toContain('228000000000001');
  });

  it('reads the state given by --state', async () => {
    const dir = tempDir({
      'groups/team.yaml': 'groups:\n  team:\n    name: Team\n',
      'elsewhere.json': JSON.stringify({ version: 1, bindings: { team: { id: '228000000000001' } } }),
    });
    expect((await validate(dir)).code).toBe(1);
    expect((await validate(dir, '--state', 'elsewhere.json')).code).toBe(0);
  });
});

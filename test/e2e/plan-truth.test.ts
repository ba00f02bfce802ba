/**
 * `plan` tells the truth about what apply will meet (issue 9, item 6), end to end through
 * the CLI against the emulator: credentials are proved, added users are looked up, and
 * `owner` may be left out only where nothing is created.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli, tempDir } from '../helpers/cli.js';

let emulator: RunningEmulator;
let dir: string;
let env: Record<string, string>;
const cli = (...args: string[]) => runCli(args, { cwd: dir, env });
const writeConfig = (yaml: string) => writeFileSync(path.join(dir, 'groups/team.yaml'), yaml);
const calls = () => emulator.counters();

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, seed: { users: ['alice', 'bob', 'carol'], groups: [] } });
  env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' };
});
afterAll(() => emulator?.close());
beforeEach(() => {
  dir = tempDir({ 'groups/team.yaml': 'groups:\n  team:\n    name: Team\n    owner: alice\n    members: [bob]\n' });
});

describe('plan', () => {
  it('fails on bad credentials even when it only creates (nothing to read)', async () => {
    const result = await runCli(['plan'], { cwd: dir, env: { ...env, GROUPCTL_TOKEN: 'wrong-token' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/401/);
  });

  it('fails on bad credentials with an empty configuration too', async () => {
    writeConfig('groups: {}\n');
    const result = await runCli(['plan'], { cwd: dir, env: { ...env, GROUPCTL_TOKEN: 'wrong-token' } });
    expect(result.code).toBe(1);
    expect((await cli('plan', '--detailed-exitcode')).code).toBe(0);
  });

  it('names a user the app does not have at the group that adds it, and --no-check-users skips the look-up', async () => {
    writeConfig('groups:\n  team:\n    name: Team\n    owner: alice\n    members: [bob, zed]\n');
    const before = calls()['get-user'] ?? 0;
    const result = await cli('plan');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/group team: user zed does not exist in the app.*\(groups\/team\.yaml:2:3\)/);
    // One look-up per distinct user added: alice (owner), bob, zed.
    expect((calls()['get-user'] ?? 0) - before).toBe(3);

    const unchecked = await cli('plan', '--no-check-users');
    expect(unchecked.code, unchecked.stderr).toBe(0);
    expect(calls()['get-user'] ?? 0).toBe(before + 3);
  });

  it('leaves the owner of a bound group unmanaged when config leaves it out, and refuses to create without one', async () => {
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    const id = (JSON.parse(readFileSync(path.join(dir, 'groups/groupctl.state.json'), 'utf8')) as { bindings: Record<string, { id: string }> }).bindings.team!.id;
    emulator.store.addMember(id, 'carol');
    emulator.store.transferOwner(id, 'carol');
    writeConfig('groups:\n  team:\n    name: Team\n  extra:\n    name: Extra\n');
    const result = await cli('plan');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/group extra: an owner is required to create the group \(groups\/team\.yaml:4:3\)/);
    expect(result.stdout).not.toMatch(/owner: carol ->/);

    writeConfig('groups:\n  team:\n    name: Team\n');
    const clean = await cli('plan', '--detailed-exitcode');
    expect(clean.code, clean.stdout).toBe(0);
  });
});

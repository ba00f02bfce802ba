/**
 * Lazy reads end to end (issue 11): plan reads an admin list only for a group whose plan
 * compares membership, and `apply --plan` re-reads only what the saved fingerprints cover.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli, tempDir } from '../helpers/cli.js';

const USERS = ['alice', 'bob', 'carol', 'dave'];
const CONFIG = `
groups:
  one:
    id: "228000000000201"
    name: One renamed
    owner: alice
  two:
    id: "228000000000202"
    name: Two renamed
    owner: alice
  three:
    id: "228000000000203"
    name: Three
    owner: alice
    admins: [bob, carol]
`;

const group = (n: number, name: string) => ({
  id: `22800000000020${n}`,
  groupname: name,
  owner: 'alice',
  admins: ['bob'],
  members: ['bob', 'carol', 'dave'],
  public: false,
});

describe('lazy reads', () => {
  let emulator: RunningEmulator;
  let env: Record<string, string>;
  let dir: string;
  const cli = (...args: string[]) => runCli(args, { cwd: dir, env });
  const reads = () => {
    const c = emulator.counters();
    return { details: c['get-groups'], admins: c['list-admins'], members: c['list-members'] };
  };

  beforeAll(async () => {
    emulator = await startEmulator({ quiet: true, seed: { users: USERS, groups: [group(1, 'One'), group(2, 'Two'), group(3, 'Three')] } });
    env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' };
  });
  afterAll(() => emulator?.close());
  beforeEach(() => {
    dir = tempDir({ 'groups/org.yaml': CONFIG });
    emulator.resetCounters();
  });

  it('plan reads the admin list of the one group whose admins are managed', async () => {
    const plan = await cli('plan', '--detailed-exitcode');
    expect(plan.code, plan.stderr).toBe(2);
    expect(plan.stdout).toContain('carol');
    expect(reads()).toEqual({ details: 1, admins: 1, members: 0 });
  });

  it('apply --plan re-reads no admin list for settings-only steps, and ignores membership changes they do not depend on', async () => {
    const saved = await cli('plan', '--out', 'plan.json');
    expect(saved.code, saved.stderr).toBe(0);
    // Someone adds an admin to "one" in the console: its steps are settings only, so the plan still holds.
    emulator.store.addAdmin('228000000000201', 'carol');
    emulator.resetCounters();
    const applied = await cli('apply', '--plan', 'plan.json', '--auto-approve');
    expect(applied.code, applied.stderr).toBe(0);
    const counted = reads();
    expect(counted.admins).toBe(1);
    expect(emulator.store.getGroup('228000000000201')!.groupname).toBe('One renamed');
    expect(emulator.store.listAdmins('228000000000203').sort()).toEqual(['bob', 'carol']);
  });

  it('apply --plan refuses when the admins a step depends on changed since', async () => {
    // Restore the seed's admins of "three" for this case.
    const three = '228000000000203';
    for (const admin of emulator.store.listAdmins(three)) if (admin !== 'bob') emulator.store.removeAdmin(three, admin);
    const saved = await cli('plan', '--out', 'plan.json');
    expect(saved.code, saved.stderr).toBe(0);
    emulator.store.removeAdmin(three, 'bob');
    const stale = await cli('apply', '--plan', 'plan.json', '--auto-approve');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('three (228000000000203) changed since the plan was made');
  });
});

describe('lazy reads: names kept of a group whose membership is not compared', () => {
  it('a user the plan adds who is a member of a settings-only group is not looked up, and live_members still counts everyone', async () => {
    const seeded = await startEmulator({
      quiet: true,
      seed: {
        users: ['alice', 'bob', 'erin', 'fred'],
        groups: [
          { id: '228000000000301', groupname: 'Settings', owner: 'alice', members: ['bob', 'erin', 'fred'], public: false },
          { id: '228000000000302', groupname: 'Managed', owner: 'alice', members: ['bob'], public: false },
        ],
      },
    });
    try {
      const config = `
groups:
  settings:
    id: "228000000000301"
    name: Settings renamed
    owner: alice
  managed:
    id: "228000000000302"
    name: Managed
    owner: alice
    members: [bob, erin]
`;
      const dir = tempDir({ 'groups/org.yaml': config });
      const env = { GROUPCTL_BASE_URL: seeded.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' };
      const plan = await runCli(['plan', '--format', 'json'], { cwd: dir, env });
      expect(plan.code, plan.stderr).toBe(0);
      expect(seeded.counters()['get-user'] ?? 0).toBe(0);
      expect(JSON.parse(plan.stdout).live_members).toBe(4);
    } finally {
      await seeded.close();
    }
  });
});

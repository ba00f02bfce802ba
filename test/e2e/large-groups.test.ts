/**
 * Complete reads or no plan (issue 21): a large group read through short member pages
 * and partial details is still read whole, and a group whose members keep reading short
 * of the count it announces becomes a located plan error while the other groups plan on.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runInProcess } from '../cli/in-process.js';
import { tempDir } from '../helpers/cli.js';
import { startHostileServer, type HostileServer, type Tamper } from '../hostile/hostile-server.js';

const CROWD = Array.from({ length: 349 }, (_, i) => `m${String(i).padStart(3, '0')}`);
const BIG = '228000000000351';
const SMALL = '228000000000352';
const SEED = {
  users: ['alice', 'newbie', 'bob', ...CROWD],
  groups: [
    { id: BIG, groupname: 'Big', owner: 'alice', members: CROWD, public: false, maxusers: 500 },
    { id: SMALL, groupname: 'Small', owner: 'alice', members: ['bob'], public: false },
  ],
};

/** The config of both groups: the big one with one member swapped, the small one renamed. */
function config(members: readonly string[]): string {
  const list = members.map((m) => `      - ${m}`).join('\n');
  return `groups:
  big:
    id: "${BIG}"
    name: Big
    owner: alice
    max_users: 500
    members:
${list}
  small:
    id: "${SMALL}"
    name: Small renamed
    owner: alice
    members: [bob]
`;
}

const SWAPPED = [...CROWD.filter((m) => m !== 'm123'), 'newbie'];

interface PlanJson {
  steps: { group: string; action: string; details: Record<string, unknown> }[];
  errors: { group?: string; message: string }[];
}

describe.each([['member-pages-100,details-partial'], ['member-pages-100'], ['details-partial'], ['docs']])('a 350-member group under %s', (dialects) => {
  let emulator: RunningEmulator;
  let env: Record<string, string>;

  beforeAll(async () => {
    emulator = await startEmulator({ quiet: true, dialects, seed: SEED });
    env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' };
  });
  afterAll(() => emulator?.close());

  it('swapping one member plans exactly one add and one remove', async () => {
    const dir = tempDir({ 'groups/org.yaml': config(SWAPPED) });
    const plan = await runInProcess(['plan', '--format', 'json', '--max-removals', '5'], { cwd: dir, env });
    expect(plan.code, plan.stderr).toBe(0);
    const json = JSON.parse(plan.stdout) as PlanJson;
    const big = json.steps.filter((s) => s.group === 'big').map((s) => `${s.action} ${String(s.details.user)}`);
    expect(big.sort()).toEqual(['add-member newbie', 'remove-member m123']);
    expect(json.errors).toEqual([]);
  });
});

describe('a member list that reads short of the count the group announces', () => {
  let server: HostileServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** The big group's member list cut to its first 200 rows, `times` times (then the server's own answers). */
  async function cutList(times: number): Promise<{ run: () => Promise<PlanJson & { code: number | 'running'; stderr: string }>; reads: () => number }> {
    let reads = 0;
    const tamper: Tamper = async (req, forward) => {
      if (req.method !== 'GET' || !req.path.startsWith(`/chatgroups/${BIG}/users?`)) return undefined;
      reads++;
      if (reads > times * 2) return undefined;
      const real = await forward();
      const body = JSON.parse(real.text) as { data: unknown[] };
      return { status: 200, body: JSON.stringify({ ...body, data: req.path.includes('pagenum=1&') ? body.data.slice(0, 200) : [] }) };
    };
    server = await startHostileServer({ seed: structuredClone(SEED), token: 'emulator-token', tamper, dialects: 'details-partial' });
    const dir = tempDir({ 'groups/org.yaml': config(SWAPPED) });
    const env = { GROUPCTL_BASE_URL: server.baseUrl, GROUPCTL_TOKEN: 'emulator-token' };
    return {
      run: async () => {
        const plan = await runInProcess(['plan', '--format', 'json', '--max-removals', '5'], { cwd: dir, env });
        return { ...(JSON.parse(plan.stdout) as PlanJson), code: plan.code, stderr: plan.stderr };
      },
      reads: () => reads,
    };
  }

  it('is read again once; a second short read is that group\'s plan error, and the other groups plan on', async () => {
    const world = await cutList(2);
    const plan = await world.run();
    expect(plan.code).toBe(1);
    expect(plan.steps.filter((s) => s.group === 'big')).toEqual([]);
    expect(plan.steps.filter((s) => s.group === 'small').map((s) => s.action)).toEqual(['update']);
    expect(plan.errors).toHaveLength(1);
    expect(plan.errors[0]!.group).toBe('big');
    expect(plan.errors[0]!.message).toContain(`the member list of group ${BIG} gave 200 of the 350 members its details announce`);
    // Two reads of two pages each: the first page shorter than asked, then the end.
    expect(world.reads()).toBe(4);
  });

  it('read short once (members who left between the calls), the second read plans as usual', async () => {
    const world = await cutList(1);
    const plan = await world.run();
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.errors).toEqual([]);
    expect(plan.steps.filter((s) => s.group === 'big').map((s) => `${s.action} ${String(s.details.user)}`).sort()).toEqual(['add-member newbie', 'remove-member m123']);
  });
});

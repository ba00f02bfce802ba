/**
 * Complete reads or no plan (issue 21): a large group read through short member pages
 * and partial details is still read whole, and a group whose members keep reading short
 * of the count it announces becomes a located plan error while the other groups plan on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runInProcess } from '../cli/in-process.js';
import { tempDir } from '../helpers/cli.js';

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

/**
 * Edition quotas (issue 21, FACTS.md "wordings"): the emulator refuses a create past the
 * groups-per-app quota and a create or add past the groups-per-user quota with the
 * service's 403 exceed_limit words, and apply reports them explained, naming the group.
 */
import { afterEach, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runInProcess } from '../cli/in-process.js';
import { tempDir } from '../helpers/cli.js';

let emulator: RunningEmulator | undefined;
afterEach(() => emulator?.close());

const seed = {
  users: ['alice', 'bob'],
  groups: [{ id: '228000000000971', groupname: 'Old', owner: 'alice', public: false }],
};
const config = (members: string, freshOwner: string) => `groups:
  old:
    id: "228000000000971"
    name: Old
    owner: alice
${members}  fresh:
    name: Fresh
    owner: ${freshOwner}
`;

async function apply(options: { groupsPerApp?: number; groupsPerUser?: number }, members = '', freshOwner = 'alice') {
  emulator = await startEmulator({ quiet: true, seed, ...options });
  const env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' };
  const dir = tempDir({ 'groups/g.yaml': config(members, freshOwner) });
  const run = await runInProcess(['apply', '--auto-approve'], { cwd: dir, env });
  return { ...run, out: run.stdout + run.stderr };
}

it('a create past the groups-per-app quota fails in words that name the quota and what to check', async () => {
  const run = await apply({ groupsPerApp: 1 });
  expect(run.code).not.toBe(0);
  expect(run.out).toContain('fresh');
  expect(run.out).toContain("quota of groups per app (check the app's edition quota");
  expect(run.out).toContain('appKey:demo#demo has create too many groups!');
  expect(emulator!.store.groupCount()).toBe(1);
});

it('a create or add past the groups-per-user quota fails in words that name the user quota', async () => {
  // bob owns the new group and joins the old one: whichever call comes second is past his quota of 1.
  const run = await apply({ groupsPerUser: 1 }, '    members: [bob]\n', 'bob');
  expect(run.code).not.toBe(0);
  expect(emulator!.store.userGroups('bob', 0, 20).total).toBe(1);
  expect(run.out).toContain('quota of groups per user');
  expect(run.out).toContain('has joined too many groups!');
});

it('without quotas the same config applies', async () => {
  const run = await apply({}, '    members: [bob]\n');
  expect(run.code, run.out).toBe(0);
});

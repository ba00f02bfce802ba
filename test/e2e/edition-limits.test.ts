/**
 * `limits:` (issue 21): the app's edition quotas stated in config make plan refuse, in a
 * located error naming the number and its line, what the service would refuse half-way
 * through apply: a max_users over the ceiling, creates past the groups per app (live +
 * creates - dismisses) and a create whose owner is at the groups-per-user quota. Without
 * `limits:` the same config plans with no error.
 */
import { afterEach, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runInProcess } from '../cli/in-process.js';
import { tempDir } from '../helpers/cli.js';

let emulator: RunningEmulator | undefined;
afterEach(() => emulator?.close());

const seed = {
  users: ['alice', 'bob'],
  groups: [
    { id: '228000000000971', groupname: 'Old', owner: 'alice', public: false },
    { id: '228000000000972', groupname: 'Gone', owner: 'bob', public: false },
  ],
};

const GROUPS = `groups:
  old:
    id: "228000000000971"
    name: Old
    owner: alice
    max_users: 500
  fresh:
    name: Fresh
    owner: alice
  second:
    name: Second
    owner: alice
`;

async function plan(config: string, args: string[] = []) {
  emulator = await startEmulator({ quiet: true, seed });
  const env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' };
  const dir = tempDir({ 'groups/g.yaml': config });
  const run = await runInProcess(['plan', '--format', 'json', ...args], { cwd: dir, env });
  const json = JSON.parse(run.stdout) as { errors: { group?: string; message: string }[] };
  return { run, errors: json.errors };
}

it('a max_users over limits.max_users is a located plan error naming the limit and its line', async () => {
  const { run, errors } = await plan(`limits:\n  max_users: 300\n${GROUPS}`);
  expect(run.code).not.toBe(0);
  expect(errors).toEqual([
    { group: 'old', message: expect.stringMatching(/^group old: max_users 500 is over limits\.max_users: 300 in groups\/g\.yaml line 2; .*\(groups\/g\.yaml:4:3\)$/) },
  ]);
});

it('counts the app groups on the pass a creating plan makes anyway: the group list is walked once', async () => {
  const { errors } = await plan(`limits:\n  groups_per_app: 3\n${GROUPS}`);
  expect(errors).toHaveLength(1);
  expect(emulator.counters()['list-groups']).toBe(1);
});

it('creates past limits.groups_per_app count live groups + creates - dismisses', async () => {
  const { errors } = await plan(`limits:\n  groups_per_app: 3\n${GROUPS}`);
  // 2 live + 2 creates = 4 > 3: the last create in key order is the one named.
  expect(errors).toEqual([{ group: 'second', message: expect.stringContaining('would make 4 groups in the app (2 live + 2 created - 0 dismissed), over limits.groups_per_app: 3 in groups/g.yaml line 2') }]);
  const dismissing = `${GROUPS}  gone:\n    id: "228000000000972"\n    ensure: dismissed\n`;
  const after = await plan(`limits:\n  groups_per_app: 3\n${dismissing}`, ['--allow-dismiss']);
  expect(after.errors).toEqual([]);
});

it('a create whose owner would pass limits.groups_per_user is refused, the owner counted with the plan\'s other creates', async () => {
  const { errors } = await plan(`limits:\n  groups_per_user: 2\n${GROUPS}`);
  // alice is in 1 group; fresh makes 2, second makes 3.
  expect(errors).toEqual([{ group: 'second', message: expect.stringContaining('its owner alice belongs to 1 groups; with this plan\'s creates that is 3, over limits.groups_per_user: 2 in groups/g.yaml line 2') }]);
});

it('without limits: the same config plans with no error', async () => {
  const { run, errors } = await plan(GROUPS);
  expect(errors).toEqual([]);
  expect(run.code, run.stderr).toBe(0);
});

it('a limit stated twice with different values is a config error naming both places', async () => {
  emulator = await startEmulator({ quiet: true, seed });
  const dir = tempDir({ 'groups/a.yaml': `limits:\n  max_users: 300\n${GROUPS}`, 'groups/b.yaml': 'limits:\n  max_users: 3000\n' });
  const run = await runInProcess(['validate'], { cwd: dir, env: {} });
  expect(run.code).not.toBe(0);
  expect(run.stderr).toContain('groups/b.yaml:2');
  expect(run.stderr).toContain('is 3000 here but 300 in groups/a.yaml:2');
});

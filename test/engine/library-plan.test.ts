/**
 * Issue 20: the library plans exactly as the CLI does. The same config, state file and
 * live groups, planned once by `groupctl plan --format json` and once through the
 * library entry (planConfiguration), give the same JSON: a moved key, an import of a
 * live group bound to no key, a user who does not exist and a dismiss refused without
 * --allow-dismiss all show in both.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as groupctl from '../../src/index.js';
import { runInProcess } from '../cli/in-process.js';
import { tempDir } from '../helpers/cli.js';

const CONFIG = `groups:
  team-new:
    name: Team
    owner: alice
    members: [bob, carol, ghost]
  imported:
    name: Imported
    owner: alice
    members: [carol]
  doomed:
    ensure: dismissed
  fresh:
    name: Fresh
    owner: bob
    members: [dave]
moved:
  - from: team-old
    to: team-new
`;

const STATE = { version: 1, bindings: { 'team-old': { id: '228000000000001' }, doomed: { id: '228000000000003' } } };

describe('the library entry plans as `groupctl plan` does', () => {
  let emulator: groupctl.RunningEmulator;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    emulator = await groupctl.startEmulator({
      quiet: true,
      seed: {
        users: ['alice', 'bob', 'carol', 'dave'],
        groups: [
          { id: '228000000000001', groupname: 'Team', owner: 'alice', public: false, members: ['bob'] },
          { id: '228000000000002', groupname: 'Imported', owner: 'alice', public: false, members: ['carol'] },
          { id: '228000000000003', groupname: 'Doomed', owner: 'alice', public: false, members: ['bob', 'carol'] },
        ],
      },
    });
    dir = tempDir({ 'groups/team.yaml': CONFIG, 'groups/groupctl.state.json': JSON.stringify(STATE) });
    env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: groupctl.EMULATOR_TOKEN };
  });
  afterAll(() => emulator.close());

  async function libraryPlan(scope: groupctl.PlanScope = {}): Promise<groupctl.PlannedConfiguration> {
    const desired = await groupctl.loadConfig([path.join(dir, 'groups')], { cwd: dir });
    const state = await groupctl.StateStore.open(path.join(dir, 'groups/groupctl.state.json'), { lock: false });
    const session = await groupctl.openSession(groupctl.remoteSettings(groupctl.connectionFromEnv(env)));
    try {
      return await groupctl.planConfiguration(desired, state, session, { scope });
    } finally {
      await session.close();
      await state.close();
    }
  }

  it('gives the same plan JSON, moves, imports, missing users and refusals included', async () => {
    const cli = await runInProcess(['plan', '--format', 'json'], { cwd: dir, env });
    expect(cli.code, cli.stderr).toBe(1);
    const planned = await libraryPlan();
    expect(groupctl.renderJson(planned.shown).trimEnd()).toBe(cli.stdout.trimEnd());

    const plan = JSON.parse(cli.stdout) as groupctl.Plan;
    expect(plan.binding_changes).toContainEqual(expect.objectContaining({ change: 'move', group: 'team-new', from: 'team-old', group_id: '228000000000001' }));
    expect(plan.steps.filter((s) => s.action === 'import').map((s) => [s.group, s.group_id])).toEqual([['imported', '228000000000002']]);
    expect(plan.steps.filter((s) => s.action === 'create').map((s) => s.group)).toEqual(['fresh']);
    expect(plan.errors.map((e) => e.message)).toEqual([
      expect.stringContaining('user ghost does not exist in the app'),
      '1 dismiss step: pass --allow-dismiss to allow them ("npx groupctl plan --allow-dismiss")',
    ]);
    expect(planned.refusals.map((e) => e.message)).toEqual(['1 dismiss step: pass --allow-dismiss to allow them ("npx groupctl plan --allow-dismiss")']);
    expect(planned.plan.errors).toHaveLength(1);
  });

  it('takes the same guard flags: --allow-dismiss and --max-removals as a PlanScope', async () => {
    const cli = await runInProcess(['plan', '--format', 'json', '--allow-dismiss', '--max-removals', '0', '--no-check-users'], { cwd: dir, env });
    const planned = await libraryPlan({ allowDismiss: true, limits: { removals: 0 }, checkUsers: false });
    expect(groupctl.renderJson(planned.shown).trimEnd()).toBe(cli.stdout.trimEnd());
    expect(planned.refusals).toEqual([]);
    expect(planned.shown.errors).toEqual([expect.objectContaining({ guard: 'removals' })]);
    expect(groupctl.refusalsToApply(planned.shown, { allowDismiss: true, limits: { removals: 0 } }, true)).toEqual([planned.shown.errors[0]!.message]);
  });
});

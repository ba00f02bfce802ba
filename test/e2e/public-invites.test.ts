/**
 * `allow_invites: true` on a public group (issue 21 item 6, FACTS.md "create, public group"),
 * through the CLI against the emulator under the two readings: `public-no-invites` (the
 * service never keeps it: one correcting update, read back, recorded, then one warning and
 * no update, in text, JSON and Markdown) and `public-create-no-invites` (create drops it:
 * the apply's correcting update fixes it and no warning stays). Under `docs` nothing of it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runInProcess } from '../cli/in-process.js';
import { tempDir } from '../helpers/cli.js';
import { expectPlanMatchesSchema } from '../helpers/plan-schema.js';

interface PlanJson {
  steps: { group: string; action: string; details: { changes?: Record<string, { to: unknown }> } }[];
  warnings: { group?: string; message: string }[];
  errors: unknown[];
}

const WARNING = 'allow_invites: true does not take on a public group on this app; the service keeps false';

const config = (settings: string) => `groups:\n  town:\n    name: Town\n    owner: alice\n    members: [bob]\n${settings}`;

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function setUp(dialect: string, yaml: string) {
  emulator = await startEmulator({ quiet: true, dialects: dialect, seed: { users: ['alice', 'bob'], groups: [] } });
  const env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' };
  const dir = tempDir({ 'groups/town.yaml': yaml });
  const cli = (...args: string[]) => runInProcess(args, { cwd: dir, env });
  const write = (text: string) => writeFileSync(path.join(dir, 'groups/town.yaml'), text);
  const state = () => JSON.parse(readFileSync(path.join(dir, 'groups/groupctl.state.json'), 'utf8')) as { bindings: Record<string, { id: string; written?: Record<string, boolean> }> };
  const live = () => emulator!.store.getGroup(state().bindings.town!.id)!;
  const plan = async (): Promise<PlanJson> => {
    const result = await cli('plan', '--format', 'json', '--detailed-exitcode');
    const json = JSON.parse(result.stdout) as PlanJson;
    expectPlanMatchesSchema(json);
    expect(result.code, result.stderr).toBe(json.steps.length > 0 ? 2 : 0);
    return json;
  };
  const apply = async () => {
    const result = await cli('apply', '--auto-approve');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    return result.stdout + result.stderr;
  };
  return { cli, write, state, live, plan, apply };
}

describe('public-no-invites: the service never keeps allow_invites true on a public group', () => {
  it('a create: one correcting update, then a warning in every format and no update', async () => {
    const run = await setUp('public-no-invites', config('    public: true\n    allow_invites: true\n'));
    expect((await run.plan()).steps.map((s) => s.action)).toEqual(['create']);
    const applied = await run.apply();
    expect(applied).toContain('kept allow_invites false on this public group');
    expect(run.live().allowinvites).toBe(false);
    expect(run.state().bindings.town!.written).toMatchObject({ allow_invites: true });

    const again = await run.plan();
    expect(again.steps).toEqual([]);
    expect(again.errors).toEqual([]);
    expect(again.warnings).toEqual([{ group: 'town', message: expect.stringContaining(WARNING) }]);
    const text = await run.cli('plan');
    expect(text.stdout).toContain(`Warning: group town: ${WARNING}`);
    expect(text.stdout).toContain('No changes');
    const markdown = await run.cli('plan', '--format', 'markdown');
    expect(markdown.stdout).toContain(WARNING.replace(/_/g, '\\_'));
    // The warning is not a change: applying again sends nothing and it stays one warning.
    await run.apply();
    expect((await run.plan()).warnings).toHaveLength(1);
  });

  it('an update of a bound group: set once, read back, then the warning', async () => {
    const run = await setUp('public-no-invites', config('    public: true\n    allow_invites: false\n'));
    await run.apply();
    expect((await run.plan()).steps).toEqual([]);
    run.write(config('    public: true\n    allow_invites: true\n'));
    const first = await run.plan();
    expect(first.warnings).toEqual([]);
    expect(first.steps.map((s) => [s.action, s.details.changes])).toEqual([['update', { allow_invites: { from: false, to: true } }]]);
    await run.apply();
    const second = await run.plan();
    expect(second.steps).toEqual([]);
    expect(second.warnings.map((w) => w.message)).toEqual([expect.stringContaining(WARNING)]);
  });

  it('public: false clears it: the update is planned again, takes, and the record goes', async () => {
    const run = await setUp('public-no-invites', config('    public: true\n    allow_invites: true\n'));
    await run.apply();
    run.write(config('    public: false\n    allow_invites: true\n'));
    const plan = await run.plan();
    expect(plan.warnings).toEqual([]);
    expect(plan.steps.map((s) => [s.action, Object.keys(s.details.changes ?? {}).sort()])).toEqual([['update', ['allow_invites', 'public']]]);
    await run.apply();
    expect(run.live()).toMatchObject({ public: false, allowinvites: true });
    expect(run.state().bindings.town!.written?.allow_invites).toBe(false);
    const after = await run.plan();
    expect(after.steps).toEqual([]);
    expect(after.warnings).toEqual([]);
  });

  it('a private group holding allow_invites true made public: the update sends allow_invites again, so one apply settles it', async () => {
    const run = await setUp('public-no-invites', config('    public: false\n    allow_invites: true\n'));
    await run.apply();
    expect(run.live()).toMatchObject({ public: false, allowinvites: true });
    run.write(config('    public: true\n    allow_invites: true\n'));
    const text = await run.cli('plan');
    expect(text.stdout).toContain('allow_invites: true (unchanged, sent again: making the group public may reset it)');
    const plan = await run.plan();
    expect(plan.steps.map((s) => [s.action, Object.keys(s.details.changes ?? {})])).toEqual([['update', ['public', 'allow_invites']]]);
    expect(await run.apply()).toContain('kept allow_invites false on this public group');
    const after = await run.plan();
    expect(after.steps).toEqual([]);
    expect(after.warnings.map((w) => w.message)).toEqual([expect.stringContaining(WARNING)]);
  });

  it('allow_invites: false in config: no warning and no update', async () => {
    const run = await setUp('public-no-invites', config('    public: true\n    allow_invites: true\n'));
    await run.apply();
    run.write(config('    public: true\n    allow_invites: false\n'));
    const plan = await run.plan();
    expect(plan.steps).toEqual([]);
    expect(plan.warnings).toEqual([]);
  });
});

describe.each(['public-create-no-invites', 'docs'])('%s: the setting is kept after create (or at once)', (dialect) => {
  it('the apply leaves allow_invites true, and the next plan has no update and no warning', async () => {
    const run = await setUp(dialect, config('    public: true\n    allow_invites: true\n'));
    const applied = await run.apply();
    if (dialect === 'public-create-no-invites') expect(applied).toContain('did not take allow_invites at create; set with an update');
    expect(run.live()).toMatchObject({ public: true, allowinvites: true });
    expect(run.state().bindings.town!.written?.allow_invites).toBeUndefined();
    const plan = await run.plan();
    expect(plan.steps).toEqual([]);
    expect(plan.warnings).toEqual([]);
  });
});

// With the readings that touch the same calls: create spellings (one correcting update for
// both), the modify's `name` spelling, and partial details (the read-back reads pages).
describe.each(['public-no-invites,create-desc', 'public-no-invites,modify-name', 'public-no-invites,details-partial', 'public-create-no-invites,create-approval'])(
  '%s together',
  (dialects) => {
    it('converges: after one apply the plan has no steps, and warns only where the service never keeps it', async () => {
      const run = await setUp(dialects, config('    public: true\n    allow_invites: true\n    description: Everyone in town\n    members_only: true\n'));
      await run.apply();
      const plan = await run.plan();
      expect(plan.steps).toEqual([]);
      expect(plan.errors).toEqual([]);
      const never = dialects.startsWith('public-no-invites');
      expect(plan.warnings.map((w) => w.group)).toEqual(never ? ['town'] : []);
      expect(run.live()).toMatchObject({ public: true, allowinvites: !never, description: 'Everyone in town', membersonly: true });
    });
  },
);

/**
 * apply's promises, end to end through the CLI against the emulator: it never surprises.
 * Under every dialect the client handles (test/helpers/dialect-matrix.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { tempDir } from '../helpers/cli.js';
import { dialectMatrix } from '../helpers/dialect-matrix.js';

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin'];
const TEAM = `
groups:
  team:
    name: Team
    owner: alice
    admins: [bob]
    members: [carol, dave, erin]
  side:
    name: Side project
    owner: bob
`;

describe.each(dialectMatrix())('apply, dialect $dialect', ({ dialect, cli: runCli }) => {
  let emulator: RunningEmulator;
  let dir: string;
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCli(args, { cwd: dir, env });
  const writeConfig = (yaml: string) => writeFileSync(path.join(dir, 'groups/team.yaml'), yaml);
  const bindings = () => JSON.parse(readFileSync(path.join(dir, 'groups/groupctl.state.json'), 'utf8')).bindings;

  beforeEach(async () => {
    emulator = await startEmulator({ quiet: true, dialects: dialect, seed: { users: USERS, groups: [] } });
    env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' };
    dir = tempDir({ 'groups/team.yaml': TEAM });
  });
  afterEach(() => emulator?.close());

  it('refuses without --auto-approve when there is no terminal to ask, and changes nothing', async () => {
    const result = await cli('apply');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--auto-approve');
    expect(emulator.store.groupCount()).toBe(0);
  });

  it('applies, then the next plan is clean', async () => {
    const applied = await cli('apply', '--auto-approve');
    expect(applied.code, applied.stderr).toBe(0);
    expect(emulator.store.groupCount()).toBe(2);
    const plan = await cli('plan', '--detailed-exitcode');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('No changes');
  });

  it('applies a saved plan, and refuses a saved plan whose groups changed since', async () => {
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    writeConfig(TEAM.replace('name: Team', 'name: Team A'));
    const saved = await cli('plan', '--out', 'plan.json');
    expect(saved.code).toBe(0);

    // Someone renames the group in the console after the plan was made.
    const id = bindings().team.id;
    emulator.store.modifyGroup(id, { description: 'changed behind our back' });
    const stale = await cli('apply', '--plan', 'plan.json', '--auto-approve');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('stale');
    expect(emulator.store.getGroup(id)!.groupname).toBe('Team');

    const fresh = await cli('plan', '--out', 'plan.json');
    expect(fresh.code).toBe(0);
    const applied = await cli('apply', '--plan', 'plan.json', '--auto-approve');
    expect(applied.code, applied.stderr).toBe(0);
    expect(emulator.store.getGroup(id)!.groupname).toBe('Team A');
  });

  it('dismisses only with --allow-dismiss', async () => {
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    const id = bindings().side.id;
    writeConfig(TEAM.replace('    owner: bob\n', '    owner: bob\n    ensure: dismissed\n'));
    const refused = await cli('apply', '--auto-approve');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--allow-dismiss');
    expect(emulator.store.getGroup(id)).toBeDefined();

    const allowed = await cli('apply', '--auto-approve', '--allow-dismiss');
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(emulator.store.getGroup(id)).toBeUndefined();
  });

  it('refuses a plan that removes more members than --max-removals', async () => {
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    writeConfig(TEAM.replace('members: [carol, dave, erin]', 'members: []'));
    const refused = await cli('apply', '--auto-approve', '--max-removals', '2');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--max-removals');
    expect(emulator.store.getGroup(bindings().team.id)!.members).toHaveLength(4);
  });

  it('keeps the binding of a key left out of config, and forgets it only through removed:', async () => {
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    const sideId = bindings().side.id;
    writeConfig(TEAM.slice(0, TEAM.indexOf('  side:')));
    const plan = await cli('plan', '--detailed-exitcode');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(`Not in this configuration (bindings kept, nothing planned):\n  # side (${sideId})`);
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    expect(bindings().side).toEqual({ id: sideId });

    writeConfig(TEAM.slice(0, TEAM.indexOf('  side:')) + 'removed: [side]\n');
    const forget = await cli('plan', '--detailed-exitcode');
    expect(forget.code).toBe(2);
    expect(forget.stdout).toContain('- binding: group ' + sideId + ' forgotten; the live group is left as it is');
    const applied = await cli('apply', '--auto-approve');
    expect(applied.code, applied.stderr).toBe(0);
    expect(bindings().side).toBeUndefined();
    expect(emulator.store.getGroup(sideId)).toBeDefined();
    expect((await cli('plan', '--detailed-exitcode')).code).toBe(0);
  });
});

/**
 * `block_list` end to end (issue 24): create with it, change it, leave it out (not
 * managed, and never read), drift by hand then plan and apply, export round trip, the
 * ordering rules (a block removes the member, so no remove-member; only members can be
 * blocked, so a non-member joins first; unblock before an add; the owner is never
 * blocked), the removal guard counting blocks, a disabled group, the words of an add
 * the service refuses because the user is blocked, and the Agora-style paged read.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { runInProcess } from '../cli/in-process.js';
import { groupYaml, seedGroup, useFeatureHarness } from './feature-harness.js';
import { startEmulator } from '../../src/emulator/index.js';

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];

type PlanJson = { steps: Array<{ action: string; risky?: boolean; details: { user?: string } }> };

/** A live group of alice's with ['bob', 'carol']. */
const seeded = (id: string, name: string, extra: Record<string, unknown> = {}) => seedGroup(id, name, ['bob', 'carol'], extra);

describe('block_list', () => {
  const h = useFeatureHarness({
    users: USERS,
    groups: [
      seeded('228000000002701', 'Plain', { blocks: ['dave'] }),
      seeded('228000000002702', 'Spam'),
      seeded('228000000002703', 'Banned', { disabled: true }),
      seeded('228000000002704', 'Guarded', { members: ['bob', 'carol', 'dave'] }),
    ],
  });
  const { cli, write } = h;
  const live = (id: string) => {
    const g = h.emulator.store.getGroup(id)!;
    return { members: [...g.members].sort(), blocks: [...g.blocks].sort() };
  };
  const plan = async () => {
    const result = await cli('plan', '--format', 'json');
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as PlanJson;
  };
  const steps = async () => (await plan()).steps.map((s) => (s.details.user === undefined ? s.action : `${s.action} ${s.details.user}`));
  const apply = async (...extra: string[]) => {
    const result = await cli('apply', '--auto-approve', ...extra);
    expect(result.code, result.stderr).toBe(0);
  };


  it('left out: not managed, and no block list is read', async () => {
    write(groupYaml('plain', '228000000002701', 'Plain'));
    expect(await steps()).toEqual([]);
    expect(h.emulator.counters()['list-blocks']).toBe(0);
    expect(live('228000000002701').blocks).toEqual(['dave']);
  });

  it('a block removes the member (no remove-member step), is risky, and sticks', async () => {
    write(groupYaml('spam', '228000000002702', 'Spam', '    members: [carol]\n    block_list: [bob]\n'));
    const planned = await plan();
    expect(h.emulator.counters()['list-blocks']).toBe(1);
    expect(planned.steps.map((s) => [s.action, s.details.user, s.risky])).toEqual([['block', 'bob', true]]);
    const text = await cli('plan');
    expect(text.stdout).toContain('block_list: bob');
    await apply();
    expect(live('228000000002702')).toEqual({ members: ['carol'], blocks: ['bob'] });
    expect(await steps()).toEqual([]);
  });

  it('drift by hand: an unblock is blocked again; a user to block who is not a member joins first', async () => {
    await fetch(`${h.emulator.baseUrls.easemob}/chatgroups/228000000002702/blocks/users/bob`, { method: 'DELETE', headers: { authorization: 'Bearer emulator-token' } });
    write(groupYaml('spam', '228000000002702', 'Spam', '    members: [carol]\n    block_list: [bob, frank]\n'));
    expect(await steps()).toEqual(['add-member bob', 'add-member frank', 'block bob', 'block frank']);
    await apply();
    expect(live('228000000002702')).toEqual({ members: ['carol'], blocks: ['bob', 'frank'] });
    expect(await steps()).toEqual([]);
  });

  it('unblocks before an add', async () => {
    write(groupYaml('plain', '228000000002701', 'Plain', '    members: [bob, carol, dave]\n    block_list: []\n'));
    expect(await steps()).toEqual(['unblock dave', 'add-member dave']);
    await apply();
    expect(live('228000000002701')).toEqual({ members: ['bob', 'carol', 'dave'], blocks: [] });
  });

  it('an add the service refuses because the user is blocked says so', async () => {
    await fetch(`${h.emulator.baseUrls.easemob}/chatgroups/228000000002701/blocks/users`, {
      method: 'POST', headers: { authorization: 'Bearer emulator-token', 'content-type': 'application/json' }, body: JSON.stringify({ usernames: ['dave'] }),
    });
    write(groupYaml('plain', '228000000002701', 'Plain', '    members: [bob, carol, dave]\n'));
    expect(await steps()).toEqual(['add-member dave']);
    const refused = await cli('apply', '--auto-approve');
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).toMatch(/on the group's block list.*take it off block_list/);
  });

  it('a user both declared in the group and blocked, or a blocked owner: config errors at the line', async () => {
    write(groupYaml('plain', '228000000002701', 'Plain', '    members: [bob]\n    block_list: [alice, bob]\n'));
    const invalid = await cli('validate');
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/org\.yaml:7:\d+.*block_list.*"alice" is the owner; the owner is never blocked/s);
    expect(invalid.stderr).toMatch(/org\.yaml:7:\d+.*"bob" is in members; a blocked user is not a member/s);
  });

  it('the removal guard counts blocks', async () => {
    write(groupYaml('guarded', '228000000002704', 'Guarded', '    block_list: [bob, carol, dave]\n'));
    const refused = await cli('apply', '--auto-approve', '--max-removals', '2');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/removes 3 memberships \(remove-member and block steps/);
    expect(live('228000000002704').blocks).toEqual([]);
    await apply('--max-removals', '3');
    expect(live('228000000002704')).toEqual({ members: [], blocks: ['bob', 'carol', 'dave'] });
  });

  it('keeps the change to a disabled group inside the enable/disable bracket', async () => {
    write(groupYaml('banned', '228000000002703', 'Banned', '    block_list: [carol]\n'));
    expect(await steps()).toEqual(['enable', 'block carol', 'disable']);
    await apply();
    expect(h.emulator.store.getGroup('228000000002703')).toMatchObject({ blocks: ['carol'], members: ['bob'], disabled: true });
  });

  it('creates a group with it: the user joins and is blocked', async () => {
    write(`groups:\n  news:\n    name: News\n    owner: alice\n    members: [bob]\n    block_list: [erin]\n`);
    expect(await steps()).toEqual(['create', 'add-member erin', 'block erin']);
    await apply();
    expect(await steps()).toEqual([]);
  });

  it('a saved plan: applied as reviewed, refused once the block list changed by hand', async () => {
    write(groupYaml('plain', '228000000002701', 'Plain', '    block_list: [carol]\n'));
    expect((await cli('plan', '--out', 'reviewed.json')).code).toBe(0);
    const saved = JSON.parse(readFileSync(path.join(h.dir, 'reviewed.json'), 'utf8')) as PlanJson;
    expect(saved.steps.map((s) => s.action)).toContain('block');
    await fetch(`${h.emulator.baseUrls.easemob}/chatgroups/228000000002701/blocks/users`, {
      method: 'POST', headers: { authorization: 'Bearer emulator-token', 'content-type': 'application/json' }, body: JSON.stringify({ usernames: ['bob'] }),
    });
    const stale = await cli('apply', '--plan', 'reviewed.json', '--auto-approve');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('is stale');
    write(groupYaml('plain', '228000000002701', 'Plain', '    block_list: [bob, carol]\n'));
    expect((await cli('plan', '--out', 'again.json')).code).toBe(0);
    const applied = await cli('apply', '--plan', 'again.json', '--auto-approve');
    expect(applied.code, applied.stderr).toBe(0);
    expect(live('228000000002701').blocks).toEqual(['bob', 'carol']);
  });

  it('export writes non-empty block lists, and a plan of the export has no changes', async () => {
    const out = await cli('export', '--out', 'exported');
    expect(out.code, out.stderr).toBe(0);
    const files = readdirSync(path.join(h.dir, 'exported')).filter((f) => f.endsWith('.yaml'));
    const yaml = files.map((f) => readFileSync(path.join(h.dir, 'exported', f), 'utf8')).join('\n');
    expect(yaml).toContain('block_list: [ bob, frank ]');
    const again = await runInProcess(['plan', '--format', 'json', 'exported'], { cwd: h.dir, env: h.env });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).steps).toEqual([]);
  });
});

describe('block_list under blocks-cursor (the block list read in pages)', () => {
  it('reads every page (100 names each), so a list longer than a page plans no change', async () => {
    const blocked = Array.from({ length: 230 }, (_, i) => `spammer${String(i).padStart(3, '0')}`);
    const emulator = await startEmulator({
      quiet: true,
      dialects: 'blocks-cursor',
      seed: { users: ['alice', ...blocked], groups: [seeded('228000000002801', 'Paged', { members: [], blocks: blocked })] },
    });
    try {
      const dir = tempDir({ 'groups/org.yaml': groupYaml('paged', '228000000002801', 'Paged', `    block_list: [${blocked.join(', ')}]\n`) });
      const env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' };
      const result = await runInProcess(['plan', '--format', 'json'], { cwd: dir, env });
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout).steps).toEqual([]);
      expect(emulator.counters()['list-blocks']).toBe(3);
    } finally {
      await emulator.close();
    }
  });
});

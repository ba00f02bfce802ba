/**
 * `allow_list` end to end (issue 24): create with it, change it, leave it out (not
 * managed, and never read), drift by hand then plan and apply, export round trip, the
 * ordering rules (members only: added after the member adds, taken off before a member
 * leaves), and a disabled group (the changes stay inside the enable/disable bracket).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runInProcess } from '../cli/in-process.js';
import { groupYaml, seedGroup, useFeatureHarness } from './feature-harness.js';


type PlanJson = { steps: Array<{ action: string; details: { user?: string } }>; errors?: Array<{ message: string }> };

/** A live group of alice's with ['bob', 'carol']. */
const seeded = (id: string, name: string, extra: Record<string, unknown> = {}) => seedGroup(id, name, ['bob', 'carol'], extra);

describe('allow_list', () => {
  const h = useFeatureHarness({
    users: ['alice', 'bob', 'carol', 'dave'],
    groups: [
      seeded('228000000002601', 'Plain', { allow: ['bob'] }),
      seeded('228000000002602', 'Muted', { mute: true }),
      seeded('228000000002603', 'Banned', { disabled: true }),
    ],
  });
  const { cli, write } = h;
  const allow = (id: string) => [...(h.emulator.store.getGroup(id)?.allow ?? [])].sort();
  const plan = async () => {
    const result = await cli('plan', '--format', 'json');
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as PlanJson;
  };
  const steps = async () => (await plan()).steps.map((s) => (s.details.user === undefined ? s.action : `${s.action} ${s.details.user}`));
  const call = h.call;


  it('left out: not managed, and no allow list is read', async () => {
    write(groupYaml('plain', '228000000002601', 'Plain'));
    expect(await steps()).toEqual([]);
    expect(h.emulator.counters()['list-allow']).toBe(0);
    expect(allow('228000000002601')).toEqual(['bob']);
  });

  it('declared: read once, changed (one batch call), drift by hand repaired', async () => {
    write(groupYaml('muted', '228000000002602', 'Muted', '    mute_all: true\n    allow_list: [bob, carol]\n'));
    const text = await cli('plan');
    expect(text.stdout).toContain('+ allow_list: bob');
    expect(h.emulator.counters()['list-allow']).toBe(1);
    expect(await steps()).toEqual(['add-allow bob', 'add-allow carol']);
    h.emulator.resetCounters();
    const applied = await cli('apply', '--auto-approve');
    expect(applied.code, applied.stderr).toBe(0);
    expect(h.emulator.counters()['add-allow']).toBe(1);
    expect(allow('228000000002602')).toEqual(['bob', 'carol']);
    expect((await call('DELETE', '/chatgroups/228000000002602/white/users/carol')).status).toBe(200);
    expect((await call('POST', '/chatgroups/228000000002602/white/users', { usernames: ['alice'] })).status).toBe(200);
    expect(await steps()).toEqual(['remove-allow alice', 'add-allow carol']);
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    expect(allow('228000000002602')).toEqual(['bob', 'carol']);
    expect(await steps()).toEqual([]);
  });

  it('members only: a user added to members joins before the allow list; a member who leaves leaves the allow list first', async () => {
    write(groupYaml('plain', '228000000002601', 'Plain', '    members: [carol, dave]\n    allow_list: [dave]\n'));
    expect(await steps()).toEqual(['remove-allow bob', 'remove-member bob', 'add-member dave', 'add-allow dave']);
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    expect(allow('228000000002601')).toEqual(['dave']);
    expect(await steps()).toEqual([]);
  });

  it('a user who will not be a member: a config error at the line, or a plan error when members are not managed', async () => {
    write(groupYaml('plain', '228000000002601', 'Plain', '    members: [carol]\n    allow_list: [carol, dave]\n'));
    const invalid = await cli('validate');
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/org\.yaml:7:\d+.*allow_list.*"dave" is not in members/s);
    write(groupYaml('muted', '228000000002602', 'Muted', '    allow_list: [dave]\n'));
    const refused = await cli('plan');
    expect(refused.code).toBe(1);
    expect(refused.stderr + refused.stdout).toMatch(/dave is on allow_list but not a member/);
  });

  it('creates a group with it: members join first, then the allow list', async () => {
    write(`groups:\n  news:\n    name: News\n    owner: alice\n    members: [bob]\n    mute_all: true\n    allow_list: [bob]\n`);
    expect(await steps()).toEqual(['create', 'add-allow bob', 'mute-all']);
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    expect(await steps()).toEqual([]);
  });

  it('keeps the change to a disabled group inside the enable/disable bracket', async () => {
    write(groupYaml('banned', '228000000002603', 'Banned', '    allow_list: [carol]\n'));
    expect(await steps()).toEqual(['enable', 'add-allow carol', 'disable']);
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    expect(h.emulator.store.getGroup('228000000002603')).toMatchObject({ allow: ['carol'], disabled: true });
  });

  it('export writes non-empty allow lists, and a plan of the export has no changes', async () => {
    const out = await cli('export', '--out', 'exported');
    expect(out.code, out.stderr).toBe(0);
    const files = readdirSync(path.join(h.dir, 'exported')).filter((f) => f.endsWith('.yaml'));
    const yaml = files.map((f) => readFileSync(path.join(h.dir, 'exported', f), 'utf8')).join('\n');
    expect(yaml).toContain('allow_list: [ bob, carol ]');
    const again = await runInProcess(['plan', '--format', 'json', 'exported'], { cwd: h.dir, env: h.env });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).steps).toEqual([]);
  });
});

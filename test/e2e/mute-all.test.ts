/**
 * `mute_all` end to end (issue 24): through the CLI against the emulator, create with it,
 * change it, leave it out (not managed), drift by hand then plan and apply, export round
 * trip, and a disabled group (the mute change stays inside the enable/disable bracket).
 */
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../cli/in-process.js';
import { seedGroup, useFeatureHarness } from './feature-harness.js';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const USERS = ['alice', 'bob', 'carol'];


/** A live group of alice's with ['bob']. */
const seeded = (id: string, name: string, extra: Record<string, unknown> = {}) => seedGroup(id, name, ['bob'], extra);

describe('mute_all', () => {
  const h = useFeatureHarness({
    users: USERS,
    groups: [
      seeded('228000000002401', 'Loud'),
      seeded('228000000002402', 'Quiet', { mute: true }),
      seeded('228000000002403', 'Banned', { disabled: true }),
    ],
  });
  const { cli, write } = h;
  const muted = (id: string) => h.emulator.store.getGroup(id)?.mute;
  const planJson = async () => {
    const result = await cli('plan', '--format', 'json');
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as { steps: Array<{ group: string; action: string; notable?: boolean; risky?: boolean }> };
  };


  it('is not managed when left out: a muted group stays muted', async () => {
    write(`groups:\n  quiet:\n    id: "228000000002402"\n    name: Quiet\n    owner: alice\n`);
    expect((await planJson()).steps).toEqual([]);
    expect(muted('228000000002402')).toBe(true);
  });

  it('creates a group muted, and a plan right after has no changes', async () => {
    write(`groups:\n  news:\n    name: News\n    owner: alice\n    members: [bob]\n    mute_all: true\n`);
    const plan = await planJson();
    expect(plan.steps.map((s) => s.action)).toEqual(['create', 'mute-all']);
    expect(plan.steps[1]).toMatchObject({ notable: true });
    expect(plan.steps[1]!.risky).toBeUndefined();
    const apply = await cli('apply', '--auto-approve');
    expect(apply.code, apply.stderr).toBe(0);
    const state = readFileSync(path.join(h.dir, 'groups/groupctl.state.json'), 'utf8');
    const id = state.match(/"news"[^}]*?"id":\s*"([^"]+)"/)![1]!;
    expect(muted(id)).toBe(true);
    expect((await planJson()).steps).toEqual([]);
  });

  it('changes it both ways, and repairs drift made by hand', async () => {
    write(`groups:\n  loud:\n    id: "228000000002401"\n    name: Loud\n    owner: alice\n    mute_all: true\n`);
    const text = await cli('plan');
    expect(text.stdout).toContain('mute_all: false -> true');
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    expect(muted('228000000002401')).toBe(true);
    // Drift by hand, as a console user would: unmute through the API itself.
    const res = await fetch(`${h.emulator.baseUrls.easemob}/chatgroups/228000000002401/ban`, {
      method: 'DELETE',
      headers: { authorization: 'Bearer emulator-token' },
    });
    expect(res.status).toBe(200);
    expect(muted('228000000002401')).toBe(false);
    expect((await planJson()).steps.map((s) => s.action)).toEqual(['mute-all']);
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    expect(muted('228000000002401')).toBe(true);
    write(`groups:\n  loud:\n    id: "228000000002401"\n    name: Loud\n    owner: alice\n    mute_all: false\n`);
    expect((await planJson()).steps.map((s) => s.action)).toEqual(['unmute-all']);
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    expect(muted('228000000002401')).toBe(false);
  });

  it('keeps the change to a disabled group inside the enable/disable bracket', async () => {
    write(`groups:\n  banned:\n    id: "228000000002403"\n    name: Banned\n    owner: alice\n    mute_all: true\n`);
    expect((await planJson()).steps.map((s) => s.action)).toEqual(['enable', 'mute-all', 'disable']);
    const apply = await cli('apply', '--auto-approve');
    expect(apply.code, apply.stderr).toBe(0);
    expect(h.emulator.store.getGroup('228000000002403')).toMatchObject({ mute: true, disabled: true });
  });

  it('exports a muted group with mute_all: true, and a plan of the export has no changes', async () => {
    const out = await cli('export', '--out', 'exported', '--members');
    expect(out.code, out.stderr).toBe(0);
    const files = readdirSync(path.join(h.dir, 'exported')).filter((f) => f.endsWith('.yaml'));
    const yaml = files.map((f) => readFileSync(path.join(h.dir, 'exported', f), 'utf8')).join('\n');
    expect(yaml).toMatch(/Quiet[\s\S]*mute_all: true/);
    // Only muted groups carry the field (Loud, unmuted again above, does not).
    const mutedCount = h.emulator.store.listGroups(1000).groups.filter((g) => g.mute).length;
    expect(mutedCount).toBeGreaterThan(0);
    expect(yaml.match(/mute_all: true/g)?.length).toBe(mutedCount);
    expect(yaml).not.toMatch(/mute_all: false/);
    const plan = await runInProcess(['plan', '--format', 'json', 'exported'], { cwd: h.dir, env: h.env });
    expect(plan.code, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout).steps).toEqual([]);
  });
});

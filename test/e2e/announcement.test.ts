/**
 * `announcement` end to end (issue 24): create with it, change it, leave it out (not
 * managed, and never read), drift by hand then plan and apply, export round trip, and a
 * disabled group (the change stays inside the enable/disable bracket).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runInProcess } from '../cli/in-process.js';
import { groupYaml, seedGroup, useFeatureHarness } from './feature-harness.js';


/** A live group of alice's with ['bob']. */
const seeded = (id: string, name: string, extra: Record<string, unknown> = {}) => seedGroup(id, name, ['bob'], extra);

describe('announcement', () => {
  const h = useFeatureHarness({
    users: ['alice', 'bob'],
    groups: [
      seeded('228000000002501', 'Plain'),
      seeded('228000000002502', 'Rules', { announcement: 'Be kind' }),
      seeded('228000000002503', 'Banned', { disabled: true }),
    ],
  });
  const { cli, write } = h;
  const text = (id: string) => h.emulator.store.getGroup(id)?.announcement;
  const actions = async () => {
    const result = await cli('plan', '--format', 'json');
    expect(result.code, result.stderr).toBe(0);
    return (JSON.parse(result.stdout) as { steps: Array<{ action: string }> }).steps.map((s) => s.action);
  };


  it('left out: not managed, and no announcement is read', async () => {
    write(groupYaml('rules', '228000000002502', 'Rules'));
    expect(await actions()).toEqual([]);
    expect(h.emulator.counters()['get-announcement']).toBe(0);
    expect(text('228000000002502')).toBe('Be kind');
  });

  it('declared: read once, changed, drift repaired', async () => {
    write(groupYaml('rules', '228000000002502', 'Rules', '    announcement: "Read the rules"\n'));
    const plan = await cli('plan');
    expect(plan.stdout).toContain('announcement: "Be kind" -> "Read the rules"');
    expect(h.emulator.counters()['get-announcement']).toBe(1);
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    expect(text('228000000002502')).toBe('Read the rules');
    const res = await fetch(`${h.emulator.baseUrls.easemob}/chatgroups/228000000002502/announcement`, {
      method: 'POST', headers: { authorization: 'Bearer emulator-token', 'content-type': 'application/json' }, body: JSON.stringify({ announcement: 'hand edit' }),
    });
    expect(res.status).toBe(200);
    expect(await actions()).toEqual(['set-announcement']);
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    expect(text('228000000002502')).toBe('Read the rules');
    expect(await actions()).toEqual([]);
  });

  it('creates a group with it', async () => {
    write(`groups:\n  news:\n    name: News\n    owner: alice\n    announcement: Welcome\n`);
    expect(await actions()).toEqual(['create', 'set-announcement']);
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    expect(await actions()).toEqual([]);
  });

  it('keeps the change to a disabled group inside the enable/disable bracket', async () => {
    write(groupYaml('banned', '228000000002503', 'Banned', '    announcement: Closed\n'));
    expect(await actions()).toEqual(['enable', 'set-announcement', 'disable']);
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    expect(h.emulator.store.getGroup('228000000002503')).toMatchObject({ announcement: 'Closed', disabled: true });
  });

  it('the schema refuses more than 512 characters, at a line', async () => {
    write(groupYaml('rules', '228000000002502', 'Rules', `    announcement: "${'x'.repeat(513)}"\n`));
    const result = await cli('validate');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/org\.yaml:6:\d+.*announcement/);
  });

  it('export writes non-empty announcements, and a plan of the export has no changes', async () => {
    const out = await cli('export', '--out', 'exported');
    expect(out.code, out.stderr).toBe(0);
    const files = readdirSync(path.join(h.dir, 'exported')).filter((f) => f.endsWith('.yaml'));
    const yaml = files.map((f) => readFileSync(path.join(h.dir, 'exported', f), 'utf8')).join('\n');
    expect(yaml).toContain('announcement: Read the rules');
    expect(yaml).not.toMatch(/announcement: ""/);
    const plan = await runInProcess(['plan', '--format', 'json', 'exported'], { cwd: h.dir, env: h.env });
    expect(plan.code, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout).steps).toEqual([]);
  });
});

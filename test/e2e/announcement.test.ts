/**
 * `announcement` end to end (issue 24): create with it, change it, leave it out (not
 * managed, and never read), drift by hand then plan and apply, export round trip, and a
 * disabled group (the change stays inside the enable/disable bracket).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { tempDir } from '../helpers/cli.js';
import { runInProcess } from '../cli/in-process.js';

const seedGroup = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  id, groupname: name, owner: 'alice', admins: [], members: ['bob'], public: false, ...extra,
});
const group = (key: string, id: string, name: string, more = '') => `groups:\n  ${key}:\n    id: "${id}"\n    name: ${name}\n    owner: alice\n${more}`;

describe('announcement', () => {
  let emulator: RunningEmulator;
  let env: Record<string, string>;
  let dir: string;
  const cli = (...args: string[]) => runInProcess(args, { cwd: dir, env });
  const write = (yaml: string) => writeFileSync(path.join(dir, 'groups/org.yaml'), yaml);
  const text = (id: string) => emulator.store.getGroup(id)?.announcement;
  const actions = async () => {
    const result = await cli('plan', '--format', 'json');
    expect(result.code, result.stderr).toBe(0);
    return (JSON.parse(result.stdout) as { steps: Array<{ action: string }> }).steps.map((s) => s.action);
  };

  beforeAll(async () => {
    emulator = await startEmulator({
      quiet: true,
      seed: {
        users: ['alice', 'bob'],
        groups: [
          seedGroup('228000000002501', 'Plain'),
          seedGroup('228000000002502', 'Rules', { announcement: 'Be kind' }),
          seedGroup('228000000002503', 'Banned', { disabled: true }),
        ],
      },
    });
    env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' };
  });
  afterAll(() => emulator?.close());
  beforeEach(() => {
    dir = tempDir({ 'groups/org.yaml': 'groups: {}\n' });
    emulator.resetCounters();
  });

  it('left out: not managed, and no announcement is read', async () => {
    write(group('rules', '228000000002502', 'Rules'));
    expect(await actions()).toEqual([]);
    expect(emulator.counters()['get-announcement']).toBe(0);
    expect(text('228000000002502')).toBe('Be kind');
  });

  it('declared: read once, changed, drift repaired', async () => {
    write(group('rules', '228000000002502', 'Rules', '    announcement: "Read the rules"\n'));
    const plan = await cli('plan');
    expect(plan.stdout).toContain('announcement: "Be kind" -> "Read the rules"');
    expect(emulator.counters()['get-announcement']).toBe(1);
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    expect(text('228000000002502')).toBe('Read the rules');
    const res = await fetch(`${emulator.baseUrls.easemob}/chatgroups/228000000002502/announcement`, {
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
    write(group('banned', '228000000002503', 'Banned', '    announcement: Closed\n'));
    expect(await actions()).toEqual(['enable', 'set-announcement', 'disable']);
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    expect(emulator.store.getGroup('228000000002503')).toMatchObject({ announcement: 'Closed', disabled: true });
  });

  it('the schema refuses more than 512 characters, at a line', async () => {
    write(group('rules', '228000000002502', 'Rules', `    announcement: "${'x'.repeat(513)}"\n`));
    const result = await cli('validate');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/org\.yaml:6:\d+.*announcement/);
  });

  it('export writes non-empty announcements, and a plan of the export has no changes', async () => {
    const out = await cli('export', '--out', 'exported');
    expect(out.code, out.stderr).toBe(0);
    const files = readdirSync(path.join(dir, 'exported')).filter((f) => f.endsWith('.yaml'));
    const yaml = files.map((f) => readFileSync(path.join(dir, 'exported', f), 'utf8')).join('\n');
    expect(yaml).toContain('announcement: Read the rules');
    expect(yaml).not.toMatch(/announcement: ""/);
    const plan = await runInProcess(['plan', '--format', 'json', 'exported'], { cwd: dir, env });
    expect(plan.code, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout).steps).toEqual([]);
  });
});

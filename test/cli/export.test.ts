/**
 * `groupctl export` round trip (issue 6): live groups -> YAML + bindings, and `plan` on the
 * result shows no changes, for 1,000 varied groups, with and without members.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { variedApp } from './varied-groups.js';

const GROUPS = 1000;
let emulator: RunningEmulator;
let env: Record<string, string>;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, quiet: true, seed: variedApp(GROUPS, { hugeMembers: 10_050 }) });
  env = {
    GROUPCTL_BASE_URL: emulator.baseUrls.easemob,
    GROUPCTL_TOKEN: 'emulator-token',
    // The emulator has no rate limit; the client's own default (100/s) would only slow the test.
    GROUPCTL_RATE_LIMIT: '100000',
    GROUPCTL_CONCURRENCY: '16',
  };
});

afterAll(async () => {
  await emulator.close();
});

function readExport(dir: string): { groups: Record<string, Record<string, unknown>>; bindings: Record<string, { id: string }> } {
  const yaml = parse(readFileSync(path.join(dir, 'groups.yaml'), 'utf8')) as { groups: Record<string, Record<string, unknown>> };
  const state = JSON.parse(readFileSync(path.join(dir, 'groupctl.state.json'), 'utf8')) as { bindings: Record<string, { id: string }> };
  return { groups: yaml.groups, bindings: state.bindings };
}

describe.each([
  { what: 'settings, owner and admins', flags: [] as string[] },
  { what: 'members too', flags: ['--members'] },
])('export of every group with $what', ({ flags }) => {
  it('writes one key per live group and plans with no changes', async () => {
    const dir = path.join(tempDir(), 'exported');
    const exported = await runCli(['export', '--out', dir, ...flags], { env });
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(`Exported ${GROUPS + 1} groups`);

    const { groups, bindings } = readExport(dir);
    expect(Object.keys(groups)).toHaveLength(GROUPS + 1);
    expect(new Set(Object.values(bindings).map((b) => b.id)).size).toBe(GROUPS + 1);
    expect(Object.keys(bindings).sort()).toEqual(Object.keys(groups).sort());
    const huge = Object.values(groups).find((g) => g.name === 'Huge')!;
    expect(huge.members === undefined).toBe(!flags.includes('--members'));

    // plan validates the written YAML against the schema before anything else.
    const plan = await runCli(['plan', dir, '--detailed-exitcode'], { env });
    expect(plan.stderr).toBe('');
    expect(plan.stdout).toMatch(/No changes/i);
    expect(plan.code).toBe(0);
  }, 120_000);
});

describe('export of some groups', () => {
  it('writes only the groups named with --group, and they plan with no changes', async () => {
    const ids = emulator.store.toData().groups.slice(0, 3).map((g) => g.id!);
    const dir = path.join(tempDir(), 'some');
    const exported = await runCli(['export', '--out', dir, '--members', '--group', ...ids], { env });
    expect(exported.code).toBe(0);
    const { bindings } = readExport(dir);
    expect(Object.values(bindings).map((b) => b.id).sort()).toEqual([...ids].sort());
    const plan = await runCli(['plan', dir, '--detailed-exitcode'], { env });
    expect(plan.code).toBe(0);
  }, 60_000);

  it('refuses an id that is not live, naming it', async () => {
    const result = await runCli(['export', '--out', path.join(tempDir(), 'none'), '--group', '999999999999999'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('999999999999999');
  });

  it('does not overwrite an earlier export without --force', async () => {
    const dir = tempDir({ 'groups.yaml': 'groups: {}\n' });
    const result = await runCli(['export', '--out', dir, '--group', emulator.store.toData().groups[0]!.id!], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--force/);
    expect(readFileSync(path.join(dir, 'groups.yaml'), 'utf8')).toBe('groups: {}\n');
  });
});

/**
 * On a pipe (CI logs) plan and apply say they are alive at a steady interval
 * (GROUPCTL_PROGRESS_INTERVAL, made short here) and never one line per step; `apply --json`
 * streams one versioned event per line on stdout, each matching schemas/apply-events.schema.json.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import AjvModule from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runInProcess } from '../cli/in-process.js';
import { tempDir } from '../helpers/cli.js';

const Ajv = AjvModule.default ?? AjvModule;
const GROUPS = 12;
const yaml = ['groups:', ...Array.from({ length: GROUPS }, (_, i) => `  g${i}:\n    name: G${i}\n    owner: alice\n    members: [bob]`)].join('\n');

describe('progress and events on a pipe', () => {
  let emulator: RunningEmulator;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    // Each call takes far longer than the interval, so the line must show while the run goes on.
    emulator = await startEmulator({ quiet: true, latencyMs: 150, seed: { users: ['alice', 'bob'], groups: [] } });
    env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token', GROUPCTL_PROGRESS_INTERVAL: '40', GROUPCTL_CONCURRENCY: '2' };
  });
  afterAll(() => emulator?.close());

  it('apply --json: events on stdout, a "Still applying..." line on stderr, no line per step', async () => {
    const dir = tempDir({ 'groups/all.yaml': `${yaml}\n` });
    const result = await runInProcess(['apply', '--auto-approve', '--json'], { cwd: dir, env });
    expect(result.code, result.stderr).toBe(0);
    const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(path.resolve('schemas/apply-events.schema.json'), 'utf8')));
    const events = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const e of events) expect(validate(e), JSON.stringify(validate.errors)).toBe(true);
    const starts = events.filter((e) => e.event === 'step.start');
    const finishes = events.filter((e) => e.event === 'step.finish');
    expect(starts.length).toBeGreaterThanOrEqual(GROUPS);
    expect(finishes.map((e) => e.index).sort()).toEqual(starts.map((e) => e.index).sort());
    expect(finishes.every((e) => e.status === 'done')).toBe(true);
    expect(events.filter((e) => e.event === 'group.finish')).toHaveLength(GROUPS);
    expect(events.at(-1)).toMatchObject({ version: 1, event: 'apply.finish', ok: true });
    // The plan text goes to stderr, so stdout is events only.
    expect(result.stderr).toContain('Plan:');
    expect(result.stderr).toMatch(/Still applying\.\.\. \[\d+s elapsed, \d+\/\d+ steps\]/);
    expect(result.stderr).not.toMatch(/^done {2}/m);
  });

  it('plan: "Still reading..." while it reads live groups, then the plan', async () => {
    const dir = tempDir({ 'groups/all.yaml': `${yaml}\n` });
    const applied = await runInProcess(['apply', '--auto-approve'], { cwd: dir, env: { ...env, GROUPCTL_PROGRESS_INTERVAL: '0' } });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).not.toContain('Still');
    const result = await runInProcess(['plan'], { cwd: dir, env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('No changes');
    expect(result.stderr).toMatch(/Still reading\.\.\. \[\d+s elapsed(, \d+\/\d+ groups)?\]/);
  });

  it('refuses an interval that is not a number of milliseconds', async () => {
    const dir = tempDir({ 'groups/all.yaml': `${yaml}\n` });
    const result = await runInProcess(['plan'], { cwd: dir, env: { ...env, GROUPCTL_PROGRESS_INTERVAL: '20s' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('GROUPCTL_PROGRESS_INTERVAL must be a whole number of milliseconds');
  });
});

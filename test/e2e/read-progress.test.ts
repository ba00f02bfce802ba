/**
 * While plan reads live groups it shows a live line on a terminal (groups read / total,
 * requests/s) and says nothing extra on a pipe (issue 11). A pseudo-terminal from
 * util-linux `script` stands in for the user's terminal, as in confirm-tty.test.ts.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { CLI, cleanEnv, runCli, tempDir } from '../helpers/cli.js';

const GROUPS = 250;
const id = (i: number) => String(228_000_000_001_000 + i);

function planOnTerminal(cwd: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} plan`;
    const child = spawn('script', ['-qefc', command, '/dev/null'], { cwd, env: cleanEnv({ ...env, NO_COLOR: '1' }) });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('progress while plan reads', () => {
  let emulator: RunningEmulator;
  let env: Record<string, string>;
  let dir: string;

  beforeAll(async () => {
    const groups = Array.from({ length: GROUPS }, (_, i) => ({ id: id(i), groupname: `G${i}`, owner: 'alice', public: false }));
    emulator = await startEmulator({ quiet: true, latencyMs: 20, seed: { users: ['alice'], groups } });
    env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' };
    const yaml = ['groups:', ...Array.from({ length: GROUPS }, (_, i) => `  g${i}:\n    id: "${id(i)}"\n    name: G${i}\n    owner: alice`)].join('\n');
    // Applied before: the state file holds the id: bindings too (issue 9), so nothing is pending.
    const bindings = Object.fromEntries(Array.from({ length: GROUPS }, (_, i) => [`g${i}`, { id: id(i) }]));
    const state = JSON.stringify({ version: 1, bindings, intents: {} });
    dir = tempDir({ 'groups/all.yaml': `${yaml}\n`, 'groups/groupctl.state.json': state });
  });
  afterAll(() => emulator?.close());

  it('on a terminal: a live line of groups read, then the API line', async () => {
    const { code, output } = await planOnTerminal(dir, env);
    expect(code, output).toBe(0);
    expect(output).toMatch(new RegExp(`reading live groups: [0-9,]+/${GROUPS}`));
    // The line is rewritten in place and cleared before the plan is printed.
    expect(output).toContain('\r\x1b[2K');
    expect(output).toMatch(/API: 3 calls \(at most \d+ in any one second, limit 100\), none answered 429\./);
    expect(output).toContain('No changes');
  });

  it('on a pipe: the plan alone, nothing on stderr', async () => {
    const result = await runCli(['plan'], { cwd: dir, env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No changes');
    expect(result.stderr).toBe('');
  });
});

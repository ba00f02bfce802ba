/**
 * On a terminal, apply shows the plan and asks; only "yes" applies. A pseudo-terminal
 * from util-linux `script` stands in for the user's terminal.
 */
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { CLI, cleanEnv, tempDir } from '../helpers/cli.js';

const CONFIG = 'groups:\n  team:\n    name: Team\n    owner: alice\n';

function applyOnTerminal(cwd: string, env: Record<string, string>, answer: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} apply`;
    const child = spawn('script', ['-qefc', command, '/dev/null'], { cwd, env: cleanEnv({ ...env, NO_COLOR: '1' }) });
    let output = '';
    let answered = false;
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      if (!answered && output.includes("Only 'yes' is accepted")) {
        answered = true;
        child.stdin.write(`${answer}\n`);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('apply on a terminal', () => {
  let emulator: RunningEmulator;
  let env: Record<string, string>;
  beforeEach(async () => {
    emulator = await startEmulator({ quiet: true, seed: { users: ['alice'], groups: [] } });
    env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' };
  });
  afterEach(() => emulator?.close());

  it('shows the plan, asks, and applies on "yes"', async () => {
    const { code, output } = await applyOnTerminal(tempDir({ 'groups/team.yaml': CONFIG }), env, 'yes');
    expect(output).toContain('+ create group');
    expect(code).toBe(0);
    expect(emulator.store.groupCount()).toBe(1);
  });

  it('changes nothing on any other answer', async () => {
    const { code, output } = await applyOnTerminal(tempDir({ 'groups/team.yaml': CONFIG }), env, 'y');
    expect(output).toContain('Apply cancelled');
    expect(code).toBe(1);
    expect(emulator.store.groupCount()).toBe(0);
  });
});

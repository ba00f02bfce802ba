/**
 * Issue 20, errors explained by what happened: the CLI's last words follow the error's
 * kind (api/error-kind.ts), not its status, and say why the transport stopped retrying
 * (retry.ts). Each case drives `groupctl export` against the emulator with one of its
 * faults; doctor's fix for a 429 follows the same kind.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { tempDir } from '../helpers/cli.js';
import { runInProcess } from './in-process.js';

const SEED = { users: ['alice'], groups: [{ id: '228000000000901', groupname: 'One', owner: 'alice', public: false }] };
let running: RunningEmulator | undefined;

async function emulatorWith(options: EmulatorOptions): Promise<RunningEmulator> {
  running = await startEmulator({ quiet: true, seed: SEED, ...options });
  return running;
}
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const exportFrom = (base: string, token = 'emulator-token') =>
  runInProcess(['export', '--out', path.join(tempDir(), 'out')], { env: { GROUPCTL_BASE_URL: base, GROUPCTL_TOKEN: token } });

describe('the last words of a failed run', () => {
  it('a 429 whose Retry-After is longer than groupctl waits: exit 1, why it stopped, and the rate-limit hint', async () => {
    // A bucket that never fills: every call meets 429, each asking to wait an hour.
    const emulator = await emulatorWith({ rateLimit: 0.001, retryAfterSeconds: 3600 });
    const result = await exportFrom(emulator.baseUrls.easemob);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('429');
    expect(result.stderr).toContain('gave up after 1 attempt: the server asks to wait 3600 s, more than the 60 s groupctl waits');
    expect(result.stderr).toContain('The API kept answering 429');
  });

  it('a token the service refuses (401): the credentials hint', async () => {
    const emulator = await emulatorWith({});
    const result = await exportFrom(emulator.baseUrls.easemob, 'not-the-token');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('401');
    expect(result.stderr).toContain('Check the credentials: GROUPCTL_TOKEN');
    expect(result.stderr).not.toContain('gave up after');
  });

  it('a service that answers 503 to every attempt: how many attempts, and the service-failed hint', async () => {
    // random 0: every call rolls the fault, and the fault is a 503 (emulator/edge.ts).
    const emulator = await emulatorWith({ faultRate: 1, random: () => 0 });
    const result = await exportFrom(emulator.baseUrls.easemob);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('503');
    expect(result.stderr).toContain('gave up after 4 attempts: the most groupctl makes while calls fail');
    expect(result.stderr).toContain('The service failed: run again later; GROUPCTL_LOG=debug shows every HTTP attempt.');
  });

  it('a host that does not answer: the attempts made, and the no-answer hint', async () => {
    const gone = await startEmulator({ quiet: true });
    const base = gone.baseUrls.easemob;
    await gone.close();
    const result = await exportFrom(base);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('connection failed (ECONNREFUSED');
    expect(result.stderr).toContain('gave up after 4 attempts: the most groupctl makes while calls fail');
    expect(result.stderr).toContain('No answer from the API: check GROUPCTL_BASE_URL and the network');
  });
});

describe('doctor chooses its fix by the kind too', () => {
  it('a read that meets 429: the rate-limit fix', async () => {
    const emulator = await emulatorWith({ rateLimit: 0.001, retryAfterSeconds: 3600 });
    const result = await runInProcess(['doctor'], { env: { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^FAIL {2}read .*429/m);
    expect(result.stdout).toContain("fix: the app's rate limit is used up by its own traffic right now");
  });
});

/**
 * A 429 that does not go away (issue 21, FACTS.md "429": the rate limit or the free
 * edition's quota used up). Against an emulator whose call quota is spent, every call
 * answers 429: the run must stop with "rate limit or quota exhausted", the count and what
 * to check, after a bounded number of requests, not each call's whole retry budget.
 */
import { afterEach, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { defaultRetryPolicy } from '../../src/api/retry.js';
import { runInProcess } from '../cli/in-process.js';
import { tempDir } from '../helpers/cli.js';

let emulator: RunningEmulator | undefined;
afterEach(() => emulator?.close());

const users = Array.from({ length: 12 }, (_, i) => `owner${i}`);
const config = `groups:\n${users.map((u) => `  team-${u}:\n    name: Team ${u}\n    owner: ${u}\n`).join('')}`;

it('plan against a used-up call quota stops with the count and what to check, after a bounded number of requests', async () => {
  // Retry-After keeps the test short; the client's own pacing still applies.
  emulator = await startEmulator({ quiet: true, seed: { users }, callQuota: 0, retryAfterSeconds: 0.01 });
  const env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token', GROUPCTL_CONCURRENCY: '4' };
  const run = await runInProcess(['plan'], { cwd: tempDir({ 'groups/g.yaml': config }), env });
  const out = run.stdout + run.stderr;
  expect(run.code, out).toBe(1);
  expect(out).toMatch(/rate limit or quota exhausted: \d+ answers in a row were 429 over \d+ s, the last 10 at groupctl's lowest rate/);
  expect(out).toContain("Check the app's call quota and edition in the console");
  const { total, 'status-429': refused } = emulator.counters();
  expect(refused).toBe(total);
  // Each call's own budget is 20 attempts; the run as a whole stops well before one call's budget per call in flight.
  expect(total).toBeLessThan(defaultRetryPolicy.maxAttempts429 + 4);
  expect(total).toBeGreaterThanOrEqual(10);
});

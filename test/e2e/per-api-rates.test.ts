/**
 * Per-API rate limits (issue 21, FACTS.md "Rate limits"): a user's groups has its own
 * 50/s beside the app's 100/s. Parallel creates read each owner's groups twice (the plan's
 * candidates aside, once before the create to recognise it after a crash, and again as
 * the intent's look-up), a read of several pages for an owner in many groups: at the
 * app's 100/s alone, nearly three calls in four go to that API. The client's own budget for it
 * keeps the run within the emulator's per-API bucket: not one 429.
 */
import { afterEach, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runInProcess } from '../cli/in-process.js';
import { tempDir } from '../helpers/cli.js';

let emulator: RunningEmulator | undefined;
afterEach(() => emulator?.close());

const owners = Array.from({ length: 50 }, (_, i) => `owner${i}`);
// Each owner is already in 141 groups: reading their groups takes 8 pages of 20.
const seed = {
  users: ['host', ...owners],
  groups: Array.from({ length: 141 }, (_, i) => ({ id: String(9000 + i), groupname: `Old ${i}`, owner: 'host', members: owners, maxusers: 200 })),
};
const config = `groups:\n${owners.map((u) => `  team-${u}:\n    name: Team ${u}\n    owner: ${u}\n`).join('')}`;

it.each(['docs', 'rate-shared'])('parallel creates stay within a user\'s groups 50/s at an app limit of 100 (%s): no 429', async (dialect) => {
  emulator = await startEmulator({ quiet: true, seed, rateLimit: 100, dialects: dialect });
  const env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token', GROUPCTL_CONCURRENCY: '16' };
  const run = await runInProcess(['apply', '--auto-approve'], { cwd: tempDir({ 'groups/g.yaml': config }), env });
  const counters = emulator.counters();
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(emulator.store.groupCount()).toBe(141 + owners.length);
  // The reads this test is about did happen, more than the bucket holds at once.
  expect(counters['user-groups']).toBeGreaterThan(2 * 50);
  expect(counters['status-429']).toBe(0);
});

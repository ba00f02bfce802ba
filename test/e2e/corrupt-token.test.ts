/**
 * A token cut short or altered (issue 21, FACTS.md "wordings": 401 "Unable to authenticate
 * due to corrupt access token"): the run fails saying what is wrong with the token and
 * what to check, the server's words kept, the token itself never printed.
 */
import { afterEach, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runInProcess } from '../cli/in-process.js';
import { tempDir } from '../helpers/cli.js';

let emulator: RunningEmulator | undefined;
afterEach(() => emulator?.close());

it('plan with a corrupt token fails in words that say the token is not whole', async () => {
  emulator = await startEmulator({ quiet: true, seed: { users: ['alice'] } });
  const token = 'YWMtcut-short-by-a-bad-paste';
  const env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: token };
  const run = await runInProcess(['plan'], { cwd: tempDir({ 'groups/g.yaml': 'groups:\n  team:\n    name: Team\n    owner: alice\n' }), env });
  const out = run.stdout + run.stderr;
  expect(run.code, out).not.toBe(0);
  expect(out).toContain('the token is not a whole token the service issued (check that GROUPCTL_TOKEN was copied in full');
  expect(out).toContain('Unable to authenticate due to corrupt access token');
  expect(out).not.toContain(token);
});

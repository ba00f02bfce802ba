/**
 * GROUPCTL_LOG=debug (or --debug): every HTTP attempt on stderr with its method, path,
 * status, time and attempt number, and never a secret (issue 19, deliverable 4).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { formatHttpLog, retryReason } from '../../src/api/http-log.js';
import { runInProcess } from '../cli/in-process.js';
import { tempDir } from '../helpers/cli.js';

const CONFIG = 'groups:\n  team:\n    id: "228000000000001"\n    name: Team renamed\n    owner: alice\n';
const LINE = /^http (GET|POST|PUT|DELETE) \/demo\/demo\/\S+ -> \d{3} in \d+ ms \([a-z-]+, attempt \d+\)/;

describe('the debug log of HTTP calls', () => {
  let emulator: RunningEmulator;
  let dir: string;
  beforeAll(async () => {
    emulator = await startEmulator({ quiet: true, seed: { users: ['alice'], groups: [{ id: '228000000000001', groupname: 'Team', owner: 'alice', public: false }] } });
    dir = tempDir({ 'groups/team.yaml': CONFIG });
  });
  afterAll(() => emulator?.close());

  const plan = (env: Record<string, string>, ...flags: string[]) =>
    runInProcess(['plan', '--detailed-exitcode', ...flags], { cwd: dir, env: { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, ...env } });

  it('prints one line per call with GROUPCTL_LOG=debug, and never the client secret or the token it got', async () => {
    const result = await plan({ GROUPCTL_LOG: 'debug', GROUPCTL_CLIENT_ID: 'emulator', GROUPCTL_CLIENT_SECRET: 'emulator-secret' });
    expect(result.code).toBe(2);
    const lines = result.stderr.split('\n').filter((l) => l.startsWith('http '));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line).toMatch(LINE);
    expect(lines.some((l) => l.startsWith('http POST /demo/demo/token -> 200'))).toBe(true);
    expect(lines.some((l) => l.includes('/chatgroups/228000000000001'))).toBe(true);
    // The emulator's tokens start as Easemob's do (YWMt...): none may show.
    expect(result.stderr + result.stdout).not.toContain('emulator-secret');
    expect(result.stderr + result.stdout).not.toMatch(/YWMt[A-Za-z0-9_-]{8}/);
  });

  it('prints the lines with --debug, and none without either', async () => {
    const withFlag = await plan({ GROUPCTL_TOKEN: 'emulator-token' }, '--debug');
    expect(withFlag.stderr.split('\n').filter((l) => LINE.test(l)).length).toBeGreaterThanOrEqual(1);
    expect(withFlag.stderr).not.toContain('emulator-token');
    const without = await plan({ GROUPCTL_TOKEN: 'emulator-token' });
    expect(without.stderr).not.toMatch(/^http /m);
  });

  it('--no-debug wins over the variable; a level it does not know is a usage error', async () => {
    const off = await plan({ GROUPCTL_TOKEN: 'emulator-token', GROUPCTL_LOG: 'debug' }, '--no-debug');
    expect(off.stderr).not.toMatch(/^http /m);
    const wrong = await plan({ GROUPCTL_TOKEN: 'emulator-token', GROUPCTL_LOG: 'verbose' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('GROUPCTL_LOG must be "debug"');
  });
});

describe('a retried attempt in the log', () => {
  it('says why and when the next attempt goes', () => {
    const answer = { kind: 'answer' as const, startedAt: 0, answeredAt: 5, ms: 5, status: 429, text: '', json: undefined, retryAfter: '2' };
    expect(retryReason(answer, 0)).toBe('429, Retry-After 2 s');
    const line = formatHttpLog({ call: 'get-groups', method: 'GET', path: '/o/a/chatgroups/1', status: 429, code: undefined, ms: 5, attempt: 1, next: { kind: 'retry', reason: retryReason(answer, 0), delayMs: 2000 } });
    expect(line).toBe('http GET /o/a/chatgroups/1 -> 429 in 5 ms (get-groups, attempt 1); retry in 2.0 s: 429, Retry-After 2 s');
    const reset = { kind: 'network' as const, code: 'ECONNRESET', cause: undefined, sent: false, fatal: false, ms: 3 };
    expect(retryReason(reset)).toBe('ECONNRESET');
  });
});

/**
 * The three ways to authenticate, end to end through the CLI against the emulator:
 * a static token, Easemob client credentials (token fetched from POST {base}/token),
 * and Agora app id + certificate (token built locally, or exchanged where the server
 * wants that). Secrets never show in output. Under every dialect the client handles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readingsOf, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { tempDir } from '../helpers/cli.js';
import { dialectMatrix } from '../helpers/dialect-matrix.js';

const APP_ID = '0123456789abcdef0123456789abcdef';
const CERTIFICATE = 'fedcba9876543210fedcba9876543210';
// Bound by id, so every plan has to read the live group (no calls, no credentials needed).
const CONFIG = 'groups:\n  team:\n    id: "228000000000001"\n    name: Team renamed\n    owner: alice\n';

describe.each(dialectMatrix())('connecting, dialect $dialect', ({ dialect, cli: runCli }) => {
  let emulator: RunningEmulator;
  let dir: string;

  beforeAll(async () => {
    emulator = await startEmulator({ quiet: true, dialects: dialect, appId: APP_ID, appCertificate: CERTIFICATE, seed: { users: ['alice'], groups: [{ id: '228000000000001', groupname: 'Team', owner: 'alice', public: false }] } });
    dir = tempDir({ 'groups/team.yaml': CONFIG });
  });
  afterAll(() => emulator?.close());

  const plans = (env: Record<string, string>) => runCli(['plan', '--detailed-exitcode'], { cwd: dir, env });

  it('with a static token (Easemob style base URL)', async () => {
    const result = await plans({ GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(2);
  });

  it('with Easemob client credentials, fetching one token for the run', async () => {
    emulator.resetCounters();
    const result = await plans({ GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_CLIENT_ID: 'emulator', GROUPCTL_CLIENT_SECRET: 'emulator-secret' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(2);
    expect(emulator.counters().token).toBe(1);
  });

  it('with an Agora app id and certificate (Agora style base URL)', async () => {
    emulator.resetCounters();
    const result = await plans({ GROUPCTL_BASE_URL: emulator.baseUrls.agora, GROUPCTL_AGORA_APP_ID: APP_ID, GROUPCTL_AGORA_APP_CERTIFICATE: CERTIFICATE });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(2);
    // Where the server refuses the Agora token sent directly, it was exchanged at POST /token.
    expect(emulator.counters().token).toBe(readingsOf(dialect).agoraAuth === 'exchange' ? 1 : 0);
  });

  it.each([
    ['a wrong token', { GROUPCTL_TOKEN: 'wrong-token-value' }, 'wrong-token-value'],
    ['a wrong client secret', { GROUPCTL_CLIENT_ID: 'emulator', GROUPCTL_CLIENT_SECRET: 'not-the-secret' }, 'not-the-secret'],
    ['a wrong Agora certificate', { GROUPCTL_AGORA_APP_ID: APP_ID, GROUPCTL_AGORA_APP_CERTIFICATE: '00000000000000000000000000000000' }, '00000000000000000000000000000000'],
  ])('with %s: a clear error that never shows the secret', async (_name, credentials, secret) => {
    const result = await plans({ GROUPCTL_BASE_URL: emulator.baseUrls.easemob, ...credentials });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/40[01]/);
    expect(result.stderr + result.stdout).not.toContain(secret);
  });

  it('refuses to guess: no base URL and no --sandbox is an error that says what to do', async () => {
    const result = await plans({ GROUPCTL_TOKEN: 'emulator-token' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('GROUPCTL_BASE_URL');
    expect(result.stderr).toContain('--sandbox');
  });
});

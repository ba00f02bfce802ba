/**
 * `groupctl doctor` against the emulator (issue 22): each check's line, and for each
 * failure the words that say what to fix, with exit 1; exit 0 when the connection works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runInProcess } from '../cli/in-process.js';

const APP_ID = '970ca35de60c44645bbae8a215061b33';
const CERTIFICATE = '5cfd2fd1755d40ecb72977518be15d3b';

describe('groupctl doctor', () => {
  let emulator: RunningEmulator;
  const doctor = (env: Record<string, string>, ...args: string[]) => runInProcess(['doctor', ...args], { env });

  beforeAll(async () => {
    emulator = await startEmulator({ quiet: true, appId: APP_ID, appCertificate: CERTIFICATE, seed: { users: ['alice'], groups: [] } });
  });
  afterAll(() => emulator?.close());

  it('passes with client credentials, showing the style, the token lifetime and the read', async () => {
    const result = await doctor({ GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_CLIENT_ID: 'emulator', GROUPCTL_CLIENT_SECRET: 'emulator-secret' });
    expect(result.stdout).toMatch(/^ok {4}base URL {4}http:\/\/127\.0\.0\.1:\d+\/demo\/demo: Easemob style \(org demo, app demo\)$/m);
    expect(result.stdout).toMatch(/^ok {4}host .* answers \(HTTP \d+ in \d+ ms\)$/m);
    expect(result.stdout).toContain('client id and secret accepted: token obtained, valid 60 days');
    expect(result.stdout).toMatch(/^ok {4}read .*chatgroups\?limit=1 answered in \d+ ms; groupctl paces itself to 100 requests\/s/m);
    expect(result.stdout).toContain('The connection works');
    expect(result.stdout).not.toContain('FAIL');
    expect(result.code).toBe(0);
  });

  it('says how chosen group ids will be found out, creating no group (issue 24)', async () => {
    const env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' };
    const plain = await doctor(env);
    expect(plain.stdout).toMatch(/^info {2}group ids +the service picks new group ids .*the first create of an apply finds out/m);
    const chosen = await doctor({ ...env, GROUPCTL_ID_STRATEGY: 'chosen' });
    expect(chosen.stdout).toMatch(/^info {2}group ids +GROUPCTL_ID_STRATEGY=chosen: creates send a groupid/m);
    expect(chosen.code).toBe(0);
    expect(emulator.store.toData().groups).toEqual([]);
  });

  it('passes with an app token and with Agora credentials on an app-id base URL', async () => {
    const token = await doctor({ GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' });
    expect(token.stdout).toContain('cannot see when it expires');
    expect(token.code).toBe(0);
    const agora = await doctor({ GROUPCTL_BASE_URL: emulator.baseUrls.agora, GROUPCTL_AGORA_APP_ID: APP_ID, GROUPCTL_AGORA_APP_CERTIFICATE: CERTIFICATE });
    expect(agora.stdout).toContain(`Agora style (app-id ${APP_ID})`);
    expect(agora.stdout).toContain('each valid 24 h');
    expect(agora.code, agora.stdout + agora.stderr).toBe(0);
  });

  it('a wrong client secret: the credential fails, names the variables to fix, and the read is not run', async () => {
    const result = await doctor({ GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_CLIENT_ID: 'emulator', GROUPCTL_CLIENT_SECRET: 'wrong-secret' });
    expect(result.stdout).toMatch(/^FAIL {2}credential .*invalid_grant.*\(credential refused\)$/m);
    expect(result.stdout).toContain('fix: check GROUPCTL_CLIENT_ID and GROUPCTL_CLIENT_SECRET');
    expect(result.stdout).toContain('Not checked until this passes: read.');
    expect(result.stdout + result.stderr).not.toContain('wrong-secret');
    expect(result.code).toBe(1);
  });

  it('a wrong app token: the read fails with 401 and says the token may have expired', async () => {
    const result = await doctor({ GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'not-the-token' });
    expect(result.stdout).toMatch(/^FAIL {2}read .*401.*\(credential refused\)$/m);
    expect(result.stdout).toContain('GROUPCTL_TOKEN may have expired');
    expect(result.code).toBe(1);
  });

  it('a wrong org/app: 404, with the part of the base URL to check', async () => {
    const wrong = emulator.baseUrls.easemob.replace('/demo/demo', '/demo/other');
    const result = await doctor({ GROUPCTL_BASE_URL: wrong, GROUPCTL_CLIENT_ID: 'emulator', GROUPCTL_CLIENT_SECRET: 'emulator-secret' });
    expect(result.stdout).toMatch(/^FAIL {2}credential .*404.*\(no app at \/demo\/other\)$/m);
    expect(result.stdout).toContain('fix: check ORG and APP in GROUPCTL_BASE_URL');
    expect(result.code).toBe(1);
  });

  it('an unreachable host: the host check fails with the network error, nothing after it runs', async () => {
    const gone = await startEmulator({ quiet: true });
    const base = gone.baseUrls.easemob;
    await gone.close();
    const result = await doctor({ GROUPCTL_BASE_URL: base, GROUPCTL_TOKEN: 'emulator-token' });
    expect(result.stdout).toMatch(/^FAIL {2}host .* does not answer: ECONNREFUSED$/m);
    expect(result.stdout).toContain('fix: check the host and port in GROUPCTL_BASE_URL');
    expect(result.stdout).toContain('Not checked until this passes: credential, read.');
    expect(result.code).toBe(1);
  });

  it('no base URL: the usual error, exit 1', async () => {
    const result = await doctor({ GROUPCTL_TOKEN: 'emulator-token' });
    expect(result.stderr).toContain('no API base URL');
    expect(result.code).toBe(1);
  });
});

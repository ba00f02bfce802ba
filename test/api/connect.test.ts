import { describe, expect, it } from 'vitest';
import { connectionFromEnv } from '../../src/cli/settings.js';

const base = { GROUPCTL_BASE_URL: 'https://a1.easemob.com/org/app' };

describe('connectionFromEnv', () => {
  it('needs a base URL and says how to give one', () => {
    expect(() => connectionFromEnv({ GROUPCTL_TOKEN: 't' })).toThrow(
      'no API base URL: set GROUPCTL_BASE_URL or pass --base-url (or use --sandbox for a local emulator)',
    );
  });

  it('needs credentials and names the three ways', () => {
    expect(() => connectionFromEnv(base)).toThrow(/GROUPCTL_TOKEN.*GROUPCTL_CLIENT_ID and GROUPCTL_CLIENT_SECRET.*GROUPCTL_AGORA_APP_ID and GROUPCTL_AGORA_APP_CERTIFICATE/);
  });

  it.each([
    ['a token', { GROUPCTL_TOKEN: 'tok' }, { kind: 'token', token: 'tok' }],
    ['client credentials', { GROUPCTL_CLIENT_ID: 'id', GROUPCTL_CLIENT_SECRET: 'sec' }, { kind: 'easemob', clientId: 'id', clientSecret: 'sec' }],
    ['Agora credentials', { GROUPCTL_AGORA_APP_ID: 'app', GROUPCTL_AGORA_APP_CERTIFICATE: 'cert' }, { kind: 'agora', appId: 'app', appCertificate: 'cert' }],
  ])('reads %s', (_label, env, credentials) => {
    expect(connectionFromEnv({ ...base, ...env }).credentials).toEqual(credentials);
  });

  it('refuses half a pair and names the missing half', () => {
    expect(() => connectionFromEnv({ ...base, GROUPCTL_CLIENT_ID: 'id' })).toThrow(/GROUPCTL_CLIENT_SECRET is not set/);
    expect(() => connectionFromEnv({ ...base, GROUPCTL_AGORA_APP_CERTIFICATE: 'c' })).toThrow(/GROUPCTL_AGORA_APP_ID is not set/);
  });

  it('defaults to 100 requests/s and concurrency sized automatically', () => {
    expect(connectionFromEnv({ ...base, GROUPCTL_TOKEN: 't' })).toMatchObject({ rateLimit: 100, concurrency: 'auto' });
    expect(connectionFromEnv({ ...base, GROUPCTL_TOKEN: 't', GROUPCTL_CONCURRENCY: 'auto' })).toMatchObject({ concurrency: 'auto' });
    expect(connectionFromEnv({ ...base, GROUPCTL_TOKEN: 't', GROUPCTL_CONCURRENCY: '12' }, { concurrency: 'auto' })).toMatchObject({ concurrency: 'auto' });
  });

  it('lets flags win over the environment', () => {
    const conn = connectionFromEnv(
      { ...base, GROUPCTL_TOKEN: 't', GROUPCTL_RATE_LIMIT: '50', GROUPCTL_CONCURRENCY: '2' },
      { baseUrl: 'https://h/app-id/x', rateLimit: 20, concurrency: '4' },
    );
    expect(conn).toMatchObject({ rateLimit: 20, concurrency: 4, base: { style: 'agora', appId: 'x' } });
  });

  it.each([
    [{ GROUPCTL_RATE_LIMIT: '0' }, /rate limit must be a positive number/],
    [{ GROUPCTL_CONCURRENCY: '1.5' }, /concurrency must be "auto" or a positive whole number/],
    [{ GROUPCTL_CONCURRENCY: '0' }, /concurrency must be "auto" or a positive whole number/],
    [{ GROUPCTL_CONCURRENCY: 'lots' }, /GROUPCTL_CONCURRENCY/],
  ])('refuses %j', (env, message) => {
    expect(() => connectionFromEnv({ ...base, GROUPCTL_TOKEN: 't', ...env })).toThrow(message);
  });

  it('refuses plain http to a remote host unless insecure', () => {
    const env = { GROUPCTL_BASE_URL: 'http://a1.easemob.com/org/app', GROUPCTL_TOKEN: 't' };
    expect(() => connectionFromEnv(env)).toThrow(/use https, or pass --insecure/);
    expect(connectionFromEnv(env, { insecure: true }).base.origin).toBe('http://a1.easemob.com');
  });

  it('never puts a secret in its errors', () => {
    const secret = 'super-secret-value';
    for (const env of [
      { GROUPCTL_CLIENT_SECRET: secret },
      { GROUPCTL_AGORA_APP_CERTIFICATE: secret },
      { GROUPCTL_BASE_URL: `https://u:${secret}@h/o/a`, GROUPCTL_TOKEN: secret },
    ]) {
      try {
        connectionFromEnv({ ...base, ...env });
      } catch (error) {
        expect((error as Error).message).not.toContain(secret);
      }
    }
  });
});

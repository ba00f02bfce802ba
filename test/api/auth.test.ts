import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { AgoraAppToken, EasemobCredentials, StaticToken, refreshMargin } from '../../src/api/auth.js';
import type { TokenRequest, TokenResponse } from '../../src/api/wire.js';

interface ParsedToken {
  from_string(token: string): boolean;
  verifySignature(certificate: string): boolean;
  appId: string | Buffer;
  expire: number;
}
const { AccessToken2 } = createRequire(import.meta.url)('agora-token/src/AccessToken2.js') as {
  AccessToken2: new () => ParsedToken;
};

function fakeTokenEndpoint(expiresIn = 7200) {
  const requests: TokenRequest[] = [];
  let release: () => void = () => {};
  let gate: Promise<void> = Promise.resolve();
  return {
    requests,
    hold() {
      gate = new Promise((resolve) => (release = resolve));
    },
    release: () => release(),
    fetchToken: async (req: TokenRequest): Promise<TokenResponse> => {
      requests.push(req);
      await gate;
      return { access_token: `token-${requests.length}`, expires_in: expiresIn };
    },
  };
}

describe('EasemobCredentials', () => {
  it('caches the token until it is near expiry', async () => {
    let now = 0;
    const endpoint = fakeTokenEndpoint(7200);
    const auth = new EasemobCredentials({ clientId: 'id', clientSecret: 's', fetchToken: endpoint.fetchToken, now: () => now });
    expect(await auth.token()).toBe('token-1');
    now = (7200 - refreshMargin(7200) - 1) * 1000;
    expect(await auth.token()).toBe('token-1');
    now += 2000;
    expect(await auth.token()).toBe('token-2');
    expect(endpoint.requests).toHaveLength(2);
  });

  it.each([
    [86_400, 8_640],
    [3_600, 360],
    [1_200, 300],
    [60, 30],
  ])('with a ttl of %i s refreshes %i s before expiry', (ttl, margin) => {
    expect(refreshMargin(ttl)).toBe(margin);
  });

  it('asks once however many calls wait for a token', async () => {
    const endpoint = fakeTokenEndpoint();
    endpoint.hold();
    const auth = new EasemobCredentials({ clientId: 'id', clientSecret: 's', fetchToken: endpoint.fetchToken });
    const waiting = Promise.all(Array.from({ length: 20 }, () => auth.token()));
    endpoint.release();
    expect(new Set(await waiting)).toEqual(new Set(['token-1']));
    expect(endpoint.requests).toEqual([{ grant_type: 'client_credentials', client_id: 'id', client_secret: 's' }]);
  });

  it('sends the asked-for ttl', async () => {
    const endpoint = fakeTokenEndpoint();
    const auth = new EasemobCredentials({ clientId: 'id', clientSecret: 's', ttlSeconds: 600, fetchToken: endpoint.fetchToken });
    await auth.token();
    expect(endpoint.requests[0]).toMatchObject({ ttl: 600 });
  });

  it('refreshes a stale token once, and hands the new one to everyone else', async () => {
    let now = 0;
    const endpoint = fakeTokenEndpoint();
    const auth = new EasemobCredentials({ clientId: 'id', clientSecret: 's', fetchToken: endpoint.fetchToken, now: () => now, minRefreshIntervalMs: 30_000 });
    const stale = await auth.token();
    now = 60_000;
    const fresh = await Promise.all([auth.refresh(stale), auth.refresh(stale), auth.refresh(stale)]);
    expect(fresh).toEqual(['token-2', 'token-2', 'token-2']);
    expect(await auth.refresh(stale)).toBe('token-2');
    expect(endpoint.requests).toHaveLength(2);
  });

  it('does not fetch again for a token it fetched moments ago', async () => {
    let now = 0;
    const endpoint = fakeTokenEndpoint();
    const auth = new EasemobCredentials({ clientId: 'id', clientSecret: 's', fetchToken: endpoint.fetchToken, now: () => now, minRefreshIntervalMs: 30_000 });
    const token = await auth.token();
    now = 5_000;
    expect(await auth.refresh(token)).toBe(token);
    expect(endpoint.requests).toHaveLength(1);
  });

  it('refuses an answer without a token', async () => {
    const auth = new EasemobCredentials({ clientId: 'id', clientSecret: 's', fetchToken: async () => ({}) as TokenResponse });
    await expect(auth.token()).rejects.toThrow(/without an access_token/);
  });

  it('lets a failed fetch be tried again', async () => {
    let calls = 0;
    const auth = new EasemobCredentials({
      clientId: 'id',
      clientSecret: 's',
      fetchToken: async () => {
        if (++calls === 1) throw new Error('down');
        return { access_token: 'ok-token', expires_in: 100 };
      },
    });
    await expect(auth.token()).rejects.toThrow('down');
    await expect(auth.token()).resolves.toBe('ok-token');
  });
});

describe('AgoraAppToken', () => {
  const appId = '970CA35de60c44645bbae8a215061b33';
  const appCertificate = '5CFd2fd1755d40ecb72977518be15d3b';

  it('builds a real chat app token with agora-token', async () => {
    const auth = new AgoraAppToken({ appId, appCertificate });
    const token = await auth.token();
    expect(token).not.toContain(appCertificate);
    const parsed = new AccessToken2();
    expect(parsed.from_string(token)).toBe(true);
    expect(String(parsed.appId)).toBe(appId);
    expect(parsed.expire).toBe(86_400);
    expect(parsed.verifySignature(appCertificate)).toBe(true);
  });

  it('caches, rebuilds near expiry, and never asks for more than 24 h', async () => {
    let now = 0;
    const built: number[] = [];
    const auth = new AgoraAppToken({
      appId,
      appCertificate,
      expireSeconds: 7 * 24 * 3600,
      now: () => now,
      build: (_id, _cert, expire) => {
        built.push(expire);
        return `agora-${built.length}`;
      },
    });
    expect(await auth.token()).toBe('agora-1');
    expect(await auth.token()).toBe('agora-1');
    now = (86_400 - refreshMargin(86_400) + 1) * 1000;
    expect(await auth.token()).toBe('agora-2');
    expect(built).toEqual([86_400, 86_400]);
  });

  it('rebuilds on refresh of the current token only', async () => {
    const auth = new AgoraAppToken({ appId, appCertificate, build: () => `t${Math.random()}` });
    const first = await auth.token();
    const second = await auth.refresh(first);
    expect(second).not.toBe(first);
    expect(await auth.refresh(first)).toBe(second);
  });
});

describe('StaticToken', () => {
  it('gives the same token, refreshed or not', async () => {
    const auth = new StaticToken('fixed');
    expect(await auth.token()).toBe('fixed');
    expect(await auth.refresh('fixed')).toBe('fixed');
  });
});

import { describe, expect, it } from 'vitest';
import { StaticToken, EasemobCredentials } from '../../src/api/auth.js';
import { parseBaseUrl } from '../../src/api/base-url.js';
import { RateLimiter } from '../../src/api/rate-limiter.js';
import { SecretSet } from '../../src/api/redact.js';
import { defaultRetryPolicy } from '../../src/api/retry.js';
import { Transport, type ApiRequest } from '../../src/api/transport.js';
import type { TokenResponse } from '../../src/api/wire.js';
import { drop, json, type Handler } from './script-server.js';
import { failure, getGroups, TOKEN, useTransports } from './transport-harness.js';

const fast = { ...defaultRetryPolicy, baseDelayMs: 1, maxDelayMs: 4 };
const setup = useTransports({ concurrency: 4, retry: fast });

const createGroup: ApiRequest = { kind: 'create-group', method: 'POST', path: '/chatgroups', body: { owner: 'a', public: true }, safeToRepeat: false };

describe('Transport', () => {
  it('sends the base path, the Bearer token and a JSON body', async () => {
    const { server, transport } = await setup((_req, res) => json(res, 200, { data: { groupid: '9' } }));
    await expect(transport.request(createGroup)).resolves.toEqual({ data: { groupid: '9' } });
    expect(server.seen[0]).toMatchObject({
      method: 'POST',
      url: '/org/app/chatgroups',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ owner: 'a', public: true }),
    });
  });

  it.each([500, 502, 503, 504])('retries a %i with growing backoff until it succeeds', async (status) => {
    // A fixed draw from the jitter, and ceilings far from the cap, so that only the doubling shows.
    const { server, transport, sleeps } = await setup((_req, res, i) => (i < 3 ? json(res, status, { error: 'x' }) : json(res, 200, { data: [] })), {
      retry: { ...fast, baseDelayMs: 100, maxDelayMs: 60_000 },
      random: () => 0.5,
    });
    await expect(transport.request(getGroups)).resolves.toEqual({ data: [] });
    expect(server.seen).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
    expect(sleeps).toEqual([50, 100, 200]);
    expect(transport.stats()).toMatchObject({ requests: 4, retries: 3, status429: 0 });
  });

  it('gives up on 5xx after the policy attempts', async () => {
    const { server, transport } = await setup((_req, res) => json(res, 503, { error: 'service_unavailable', error_description: 'busy' }));
    const error = await failure(transport.request(getGroups));
    expect(server.seen).toHaveLength(fast.maxAttempts);
    expect(error).toMatchObject({ status: 503, code: 'service_unavailable', description: 'busy', attempts: fast.maxAttempts, ambiguous: false });
  });

  it('waits as long as Retry-After says', async () => {
    const { transport, sleeps } = await setup((_req, res, i) => (i === 0 ? json(res, 429, {}, { 'retry-after': '2' }) : json(res, 200, {})));
    await transport.request(getGroups);
    expect(sleeps).toEqual([2000]);
  });

  it('retries a dropped connection on a call that is safe to repeat', async () => {
    const { server, transport } = await setup((_req, res, i) => (i < 2 ? drop(res) : json(res, 200, { ok: 1 })));
    await expect(transport.request(getGroups)).resolves.toEqual({ ok: 1 });
    expect(server.seen).toHaveLength(3);
  });

  it('does not repeat a create after a dropped connection and says it is ambiguous', async () => {
    const { server, transport } = await setup((_req, res) => drop(res));
    const error = await failure(transport.request(createGroup));
    expect(server.seen).toHaveLength(1);
    expect(error).toMatchObject({ status: 0, code: 'network', ambiguous: true, call: { kind: 'create-group', method: 'POST', path: '/chatgroups' } });
    expect(error.message).toMatch(/may or may not have taken effect/);
  });

  it('does not repeat a create after a 500', async () => {
    const { server, transport } = await setup((_req, res) => json(res, 500, { error: 'internal' }));
    const error = await failure(transport.request(createGroup));
    expect(server.seen).toHaveLength(1);
    expect(error).toMatchObject({ status: 500, ambiguous: true });
  });

  it('retries a create after a 429, which never took effect', async () => {
    const { server, transport } = await setup((_req, res, i) => (i < 2 ? json(res, 429, {}) : json(res, 200, { data: { groupid: '7' } })));
    await expect(transport.request(createGroup)).resolves.toEqual({ data: { groupid: '7' } });
    expect(server.seen).toHaveLength(3);
    expect(transport.stats().status429).toBe(2);
  });

  it('finishes every call of a 429 storm', async () => {
    // Two answers in three are 429, with or without a JSON body.
    const { server, transport } = await setup((_req, res, i) => {
      if (i % 3 === 0) return json(res, 200, { n: i });
      if (i % 2) return json(res, 429, { error: 'too_many' });
      res.writeHead(429);
      res.end('<html>Too Many Requests</html>');
    });
    const results = await Promise.all(Array.from({ length: 60 }, () => transport.request(getGroups)));
    expect(results).toHaveLength(60);
    expect(transport.stats().status429).toBe(server.seen.length - 60);
    expect(transport.stats().status429).toBeGreaterThan(60);
  });

  it.each([400, 403, 404])('does not retry a %i', async (status) => {
    const { server, transport } = await setup((_req, res) => json(res, status, { error: 'forbidden_op', error_description: 'user: x doesn\'t exist in group: 1' }));
    const error = await failure(transport.request(getGroups));
    expect(server.seen).toHaveLength(1);
    expect(error).toMatchObject({ status, code: 'forbidden_op', description: "user: x doesn't exist in group: 1", ambiguous: false });
    expect(error.message).toContain('GET /chatgroups/1');
  });

  it('keeps a non-JSON error body as the description', async () => {
    const { transport } = await setup((_req, res) => {
      res.writeHead(400, { 'content-type': 'text/html' });
      res.end('<html>\n<body>Bad gateway thing</body></html>');
    });
    const error = await failure(transport.request(getGroups));
    expect(error).toMatchObject({ status: 400, code: 'http_400', description: '<html> <body>Bad gateway thing</body></html>' });
  });

  it('reports a 2xx that is not JSON', async () => {
    const { transport } = await setup((_req, res) => {
      res.writeHead(200);
      res.end('OK');
    });
    const error = await failure(transport.request(createGroup));
    expect(error).toMatchObject({ status: 200, code: 'bad_response', ambiguous: true });
  });

  it('times out, retries a read, and calls an unanswered create ambiguous', async () => {
    // undici enforces timeouts at about 1 s resolution, so keep attempts few and run both at once.
    const retry = { ...fast, maxAttempts: 2 };
    const { server, transport } = await setup(() => undefined, { timeoutMs: 100, retry });
    const [read, create] = await Promise.all([failure(transport.request(getGroups)), failure(transport.request(createGroup))]);
    expect(read).toMatchObject({ status: 0, code: 'timeout', ambiguous: false, attempts: 2 });
    expect(create).toMatchObject({ code: 'timeout', ambiguous: true, attempts: 1 });
    expect(server.seen.filter((s) => s.method === 'POST')).toHaveLength(1);
  });

  it('retries a create whose connection was refused: it never left', async () => {
    const { server } = await setup(() => undefined);
    const url = server.url;
    // Closed again after the test: closing a closed server is a no-op (script-server.ts).
    await server.close();
    const transport = new Transport({
      base: parseBaseUrl(`${url}/org/app`),
      auth: new StaticToken(TOKEN),
      limiter: new RateLimiter({ rate: 1000 }),
      concurrency: 1,
      retry: fast,
      sleep: async () => {},
    });
    try {
      const error = await failure(transport.request(createGroup));
      expect(error).toMatchObject({ code: 'network', ambiguous: false, attempts: fast.maxAttempts });
    } finally {
      await transport.close();
    }
  });

  it('never puts a secret in an error message', async () => {
    const secrets = new SecretSet(['the-client-secret']);
    const { transport } = await setup(
      (req, res) => json(res, 403, { error: 'forbidden_op', error_description: `you sent ${req.headers.authorization} and ${req.body}` }),
      { secrets },
    );
    const error = await failure(transport.request({ ...getGroups, method: 'POST', body: { client_secret: 'the-client-secret' } }));
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).not.toContain('the-client-secret');
    expect(error.description).toContain('Bearer ***');
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });
});

describe('Transport with client credentials', () => {
  function tokenServer(expired: Set<string>): Handler {
    let issued = 0;
    return (req, res) => {
      if (req.url.endsWith('/token')) {
        issued++;
        return json(res, 200, { access_token: `tok-${issued}-long-enough`, expires_in: 3600, application: 'x' } satisfies TokenResponse);
      }
      const token = req.headers.authorization?.replace('Bearer ', '') ?? '';
      if (expired.has(token)) {
        return json(res, 401, { error: 'unauthorized', error_description: 'Unable to authenticate due to expired access token' });
      }
      return json(res, 200, { token });
    };
  }

  async function credentialed(handler: Handler) {
    let transport: Transport | undefined;
    const auth = new EasemobCredentials({
      clientId: 'id',
      clientSecret: 'secret-xyz',
      fetchToken: (body) => transport!.request<TokenResponse>({ kind: 'token', method: 'POST', path: '/token', body, authenticated: false }),
      minRefreshIntervalMs: 0,
    });
    const setupResult = await setup(handler, { auth, secrets: new SecretSet(['secret-xyz']) });
    transport = setupResult.transport;
    return { ...setupResult, auth };
  }

  it('gets one token for many concurrent calls and sends it', async () => {
    const { server, transport, auth } = await credentialed(tokenServer(new Set()));
    const answers = await Promise.all(Array.from({ length: 10 }, () => transport.request<{ token: string }>(getGroups)));
    expect(new Set(answers.map((a) => a.token))).toEqual(new Set(['tok-1-long-enough']));
    expect(auth.fetches).toBe(1);
    const tokenCall = server.seen.find((s) => s.url === '/org/app/token')!;
    expect(tokenCall.headers.authorization).toBeUndefined();
    expect(JSON.parse(tokenCall.body)).toEqual({ grant_type: 'client_credentials', client_id: 'id', client_secret: 'secret-xyz' });
  });

  it('refreshes once on an expired-token 401 and retries the call once', async () => {
    const { transport, auth } = await credentialed(tokenServer(new Set(['tok-1-long-enough'])));
    const answers = await Promise.all(Array.from({ length: 5 }, () => transport.request<{ token: string }>(getGroups)));
    expect(answers.map((a) => a.token)).toEqual(Array(5).fill('tok-2-long-enough'));
    expect(auth.fetches).toBe(2);
  });

  it('fails with the 401 when the fresh token is refused too', async () => {
    const { server, transport } = await credentialed(tokenServer(new Set(['tok-1-long-enough', 'tok-2-long-enough'])));
    const error = await failure(transport.request(getGroups));
    expect(error).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(server.seen.filter((s) => s.url === '/org/app/chatgroups/1')).toHaveLength(2);
    expect(error.message).not.toContain('tok-');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { StaticToken } from '../../src/api/auth.js';
import { parseBaseUrl } from '../../src/api/base-url.js';
import { ApiClient, MAX_URL_LENGTH, chunkByLength } from '../../src/api/client.js';
import { RateLimiter } from '../../src/api/rate-limiter.js';
import { Transport } from '../../src/api/transport.js';
import { json, startScriptServer, type ScriptServer } from './script-server.js';

let server: ScriptServer | undefined;
let transport: Transport | undefined;
afterEach(async () => {
  await transport?.close();
  await server?.close();
  transport = undefined;
  server = undefined;
});

async function client(handler: Parameters<typeof startScriptServer>[0]) {
  server = await startScriptServer(handler);
  transport = new Transport({ base: parseBaseUrl(`${server.url}/app-id/abc`), auth: new StaticToken('t0ken'), limiter: new RateLimiter({ rate: 1000 }), concurrency: 2 });
  return { server, api: new ApiClient(transport) };
}

describe('ApiClient', () => {
  it('splits a batch removal whose URL would reach 4 KB', async () => {
    // 20 escaped characters are 120 in the URL: 60 such names need about 7.5 KB.
    const users = Array.from({ length: 60 }, (_, i) => `u${i}-${'é'.repeat(20)}`);
    const { server, api } = await client((req, res) => {
      const names = req.url.split('/').pop()!.split(',').map(decodeURIComponent);
      json(res, 200, { data: names.map((user) => ({ result: true, user })) });
    });
    const results = await api.removeMembers('g1', users);
    expect(results.map((r) => r.user)).toEqual(users);
    expect(server.seen.length).toBeGreaterThan(1);
    for (const s of server.seen) expect((server.url + s.url).length).toBeLessThan(MAX_URL_LENGTH);
  });

  it.each([
    ['getGroups with 101 ids', (api: ApiClient) => api.getGroups(Array.from({ length: 101 }, (_, i) => String(i)))],
    ['getGroups with none', (api: ApiClient) => api.getGroups([])],
    ['addMembers with 61 names', (api: ApiClient) => api.addMembers('g', Array.from({ length: 61 }, (_, i) => `u${i}`))],
    ['removeMembers with 61 names', (api: ApiClient) => api.removeMembers('g', Array.from({ length: 61 }, (_, i) => `u${i}`))],
    ['registerUsers with 61 users', (api: ApiClient) => api.registerUsers(Array.from({ length: 61 }, (_, i) => ({ username: `u${i}`, password: 'p' })))],
  ])('refuses %s before sending anything', async (_label, call) => {
    const { server, api } = await client((_req, res) => json(res, 200, {}));
    await expect(call(api)).rejects.toThrow(RangeError);
    expect(server.seen).toHaveLength(0);
  });

  it('joins detail ids with commas, encoding each id', async () => {
    const { server, api } = await client((_req, res) => json(res, 200, { data: [] }));
    await api.getGroups(['1', 'a,b']);
    expect(server.seen[0]!.url).toBe('/app-id/abc/chatgroups/1,a%2Cb');
  });
});

describe('chunkByLength', () => {
  it.each([
    [['aa', 'bb', 'cc'], 5, [['aa', 'bb'], ['cc']]],
    [['aa', 'bb', 'cc'], 8, [['aa', 'bb', 'cc']]],
    [['a'], 1, [['a']]],
  ])('%j in room %i -> %j', (names, room, chunks) => {
    expect(chunkByLength(names, room)).toEqual(chunks);
  });
});

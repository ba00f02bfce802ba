import { afterEach, describe, expect, it } from 'vitest';
import { createGroupService, type GroupServiceHandle } from '../../src/api/connect.js';
import { parseBaseUrl } from '../../src/api/base-url.js';
import { defaultRetryPolicy } from '../../src/api/retry.js';
import { json, startScriptServer, type Handler, type ScriptServer } from './script-server.js';

let server: ScriptServer | undefined;
let handle: GroupServiceHandle | undefined;
afterEach(async () => {
  await handle?.close();
  await server?.close();
  handle = undefined;
  server = undefined;
});

async function serve(handler: Handler, basePath = '/org1/app1') {
  server = await startScriptServer(handler);
  handle = createGroupService({
    base: parseBaseUrl(server.url + basePath),
    credentials: { kind: 'token', token: 'tkn-secret' },
    rateLimit: 10_000,
    concurrency: 4,
    retry: { ...defaultRetryPolicy, baseDelayMs: 1 },
  });
  return { server, service: handle.service, client: handle.client };
}

const url = (req: { url: string }) => new URL(req.url, 'http://x');

describe('HttpGroupService reads', () => {
  it('pages the app-group list by cursor with limit 1000 and strips owner prefixes', async () => {
    const { server, service } = await serve((req, res) => {
      const cursor = url(req).searchParams.get('cursor');
      if (!cursor) return json(res, 200, { data: [{ owner: 'org1#app1_alice', groupid: '2', groupname: 'b' }], cursor: 'c1', count: 1 });
      if (cursor === 'c1') return json(res, 200, { data: [{ owner: 'org1#app1_bob', groupid: '1', groupname: 'a' }], cursor: 'c2', count: 1 });
      return json(res, 200, { data: [], count: 0 });
    });
    const groups = [];
    for await (const g of service.listGroups()) groups.push(g);
    expect(groups).toEqual([
      { id: '2', name: 'b', owner: 'alice' },
      { id: '1', name: 'a', owner: 'bob' },
    ]);
    expect(server.seen.map((s) => url(s).searchParams.get('limit'))).toEqual(['1000', '1000', '1000']);
  });

  it('pages the member list by 1000 until a short page', async () => {
    const { server, service } = await serve((req, res) => {
      const pagenum = Number(url(req).searchParams.get('pagenum'));
      const size = pagenum === 1 ? 1000 : 3;
      const rows = Array.from({ length: size }, (_, i) => (pagenum === 1 && i === 0 ? { owner: 'own' } : { member: `u${pagenum}-${i}` }));
      if (pagenum === 2) rows[0] = { admin: 'boss' } as never;
      json(res, 200, { data: rows, count: rows.length });
    });
    const result = await service.getMembers('g1');
    expect(result.owner).toBe('own');
    expect(result.members).toHaveLength(999 + 3);
    expect(result.admins).toEqual(['boss']);
    expect(server.seen.map((s) => url(s).pathname + url(s).search)).toEqual([
      '/org1/app1/chatgroups/g1/users?pagenum=1&pagesize=1000',
      '/org1/app1/chatgroups/g1/users?pagenum=2&pagesize=1000',
    ]);
  });

  it("pages a user's groups by 20 from page 0 until all of total are seen", async () => {
    const total = 45;
    const { server, service } = await serve((req, res) => {
      const p = Number(url(req).searchParams.get('pagenum'));
      const entities = Array.from({ length: Math.min(20, total - p * 20) }, (_, i) => ({ groupId: String(p * 20 + i), name: 'n', owner: 'o' }));
      json(res, 200, { entities, total });
    });
    const groups = await service.userGroups('alice');
    expect(groups.map((g) => g.id)).toEqual(Array.from({ length: total }, (_, i) => String(i)));
    expect(server.seen.map((s) => url(s).searchParams.get('pagenum'))).toEqual(['0', '1', '2']);
    expect(server.seen.every((s) => url(s).searchParams.get('pagesize') === '20')).toBe(true);
  });

  it("asks for a user's pages 0 and 1 together: page 1 goes out before page 0 is answered", async () => {
    let pageOneAsked!: () => void;
    const asked = new Promise<void>((resolve) => (pageOneAsked = resolve));
    let together: boolean | undefined;
    const { server, service } = await serve(async (req, res) => {
      const p = Number(url(req).searchParams.get('pagenum'));
      if (p === 1) pageOneAsked();
      if (p === 0) together = await Promise.race([asked.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 2000))]);
      json(res, 200, { entities: p === 0 ? [{ groupId: 'g0', name: 'n', owner: 'o' }] : [], total: 1 });
    });
    expect((await service.userGroups('alice')).map((g) => g.id)).toEqual(['g0']);
    expect(together).toBe(true);
    expect(server.seen.map((s) => url(s).searchParams.get('pagenum')).sort()).toEqual(['0', '1']);
  });

  it('fetches details in comma-joined batches of 100 and maps missing ids to null', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => `g${i}`);
    const { server, service } = await serve((req, res) => {
      const asked = url(req).pathname.split('/').pop()!.split(',');
      json(res, 200, { data: asked.filter((id) => id !== 'g7').map((id) => ({ id, owner: 'o', affiliations: [{ owner: 'o' }], affiliations_count: 1 })).concat([{ id: 'g7', error: "group id doesn't exist" } as never]) });
    });
    const map = await service.getGroups(ids);
    expect(map.size).toBe(150);
    expect(map.get('g7')).toBeNull();
    expect(map.get('g149')?.owner).toBe('o');
    expect(server.seen.map((s) => url(s).pathname.split('/').pop()!.split(',').length)).toEqual([100, 50]);
  });

  it('narrows a 404 on a batch down to the missing ids', async () => {
    const { service } = await serve((req, res) => {
      const asked = url(req).pathname.split('/').pop()!.split(',');
      if (asked.includes('gone')) return json(res, 404, { error: 'resource_not_found', error_description: 'grpID gone does not exist!' });
      json(res, 200, { data: asked.map((id) => ({ id, owner: 'o' })) });
    });
    const map = await service.getGroups(['a', 'gone', 'b', 'c']);
    expect([...map.entries()].map(([id, g]) => [id, g === null ? null : g.id])).toEqual(
      expect.arrayContaining([['a', 'a'], ['gone', null], ['b', 'b'], ['c', 'c']]),
    );
  });

  it('sorts and strips admins', async () => {
    const { service } = await serve((_req, res) => json(res, 200, { data: ['zed', 'org1#app1_amy'] }));
    expect(await service.getAdmins('g')).toEqual(['amy', 'zed']);
  });
});

describe('HttpGroupService writes', () => {
  it('creates with wire names, public required, owner apart from members', async () => {
    const { server, service } = await serve((_req, res) => json(res, 200, { data: { groupid: '6001' } }));
    const id = await service.createGroup({ settings: { name: 'Eng', max_users: 300, members_only: true }, owner: 'alice', members: ['bob', 'alice'] });
    expect(id).toBe('6001');
    expect(JSON.parse(server.seen[0]!.body)).toEqual({ groupname: 'Eng', maxusers: 300, membersonly: true, public: false, owner: 'alice', members: ['bob'] });
  });

  it('maps modify flags back to config names', async () => {
    const { server, service } = await serve((_req, res) => json(res, 200, { data: { groupname: true, maxusers: false } }));
    expect(await service.updateGroup('g', { name: 'x', max_users: 5 })).toEqual({ name: true, max_users: false });
    expect(server.seen[0]).toMatchObject({ method: 'PUT', url: '/org1/app1/chatgroups/g' });
  });

  it('sends nothing for an empty update', async () => {
    const { server, service } = await serve((_req, res) => json(res, 200, {}));
    expect(await service.updateGroup('g', {})).toEqual({});
    expect(server.seen).toHaveLength(0);
  });

  it('checks names a batch add left out instead of assuming they failed', async () => {
    const { server, service } = await serve((req, res) => {
      if (req.method === 'POST') return json(res, 200, { data: { newmembers: ['b'], groupid: 'g', action: 'add_member' } });
      return json(res, 200, { data: url(req).pathname.includes('/user/a/') });
    });
    expect(await service.addMembers('g', ['a', 'b', 'c'])).toEqual([
      { user: 'a', ok: true, reason: 'already a member' },
      { user: 'b', ok: true },
      { user: 'c', ok: false, reason: 'the server did not add this user' },
    ]);
    expect(server.seen.filter((s) => s.url.endsWith('/is_joined'))).toHaveLength(2);
  });

  it('removes in batches of 60 and reads single-object answers', async () => {
    const users = Array.from({ length: 61 }, (_, i) => `user${i}`);
    const { server, service } = await serve((req, res) => {
      const names = decodeURIComponent(url(req).pathname.split('/').pop()!).split(',');
      const rows = names.map((user) => ({ result: true, action: 'remove_member', user, groupid: 'g' }));
      json(res, 200, { data: rows.length === 1 ? rows[0] : rows });
    });
    const results = await service.removeMembers('g', users);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results).toHaveLength(61);
    expect(server.seen).toHaveLength(2);
  });

  it.each([
    ['transfer', (s: GroupServiceHandle['service']) => s.transferOwner('g', 'bob'), { newowner: false }],
    ['add admin', (s: GroupServiceHandle['service']) => s.addAdmin('g', 'bob'), { result: 'failure', newadmin: 'bob' }],
    ['dismiss', (s: GroupServiceHandle['service']) => s.dismiss('g'), { success: false, groupid: 'g' }],
    ['disable', (s: GroupServiceHandle['service']) => s.disable('g'), { disabled: false }],
  ])('treats a 200 that says no to %s as an error', async (_label, act, data) => {
    const { service } = await serve((_req, res) => json(res, 200, { data }));
    await expect(act(service)).rejects.toMatchObject({ name: 'ApiError', code: 'not_done' });
  });

  it('URL-encodes path segments', async () => {
    const { server, service } = await serve((_req, res) => json(res, 200, { data: { result: 'success', oldadmin: 'x' } }));
    await service.removeAdmin('g/1', 'a b');
    expect(server.seen[0]!.url).toBe('/org1/app1/chatgroups/g%2F1/admin/a%20b');
  });
});

describe('HttpGroupService user look-up (FACTS.md "Users")', () => {
  it('a user exists when the answer names it; a 404 with any body means no such user', async () => {
    const { server, service } = await serve((req, res) => {
      const name = decodeURIComponent(url(req).pathname.split('/').pop()!).toLowerCase();
      if (name === 'alice') return json(res, 200, { entities: [{ uuid: 'u1', type: 'user', username: 'alice', activated: true }], count: 1 });
      if (name === 'ghost') return json(res, 200, { entities: [], count: 0 });
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html>not here</html>');
    });
    expect(await service.userExists('Alice')).toBe(true);
    expect(await service.userExists('zed')).toBe(false);
    expect(await service.userExists('ghost')).toBe(false);
    expect(server.seen.map((s) => `${s.method} ${url(s).pathname}`)).toEqual(['GET /org1/app1/users/Alice', 'GET /org1/app1/users/zed', 'GET /org1/app1/users/ghost']);
  });

  it('any other failure is an error, never a "no"', async () => {
    const { service } = await serve((_req, res) => json(res, 401, { error: 'unauthorized', error_description: 'Unable to authenticate' }));
    await expect(service.userExists('alice')).rejects.toThrow(/401/);
  });
});

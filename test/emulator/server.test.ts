import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { call } from './helpers.js';

const SEED = { users: ['alice', 'bob', 'carol', 'dave', 'erin'], groups: [] };

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await startEmulator({ seed: SEED, quiet: true, org: 'acme', app: 'chat', appId: 'a1b2' });
});
afterEach(async () => {
  await emu.close();
});

async function createGroup(body: Record<string, unknown> = {}): Promise<string> {
  const res = await call(emu, 'POST', '/chatgroups', { body: { owner: 'alice', public: true, members: ['bob', 'carol'], ...body } });
  expect(res.status).toBe(200);
  return res.json.data.groupid;
}

describe('URL styles', () => {
  it('serves the same app under /{org}/{app} and /app-id/{appId}', async () => {
    expect(emu.baseUrls).toEqual({ easemob: `${emu.url}/acme/chat`, agora: `${emu.url}/app-id/a1b2` });
    const id = await createGroup({ groupname: 'both' });
    const viaAgora = await call(emu, 'GET', `/chatgroups/${id}`, { base: emu.baseUrls.agora });
    expect(viaAgora.status).toBe(200);
    expect(viaAgora.json.data[0].name).toBe('both');
  });

  it.each([
    ['another org', '/other/chat/chatgroups'],
    ['another app id', '/app-id/zzz/chatgroups'],
    ['an unknown call', '/acme/chat/chatgroups/1/nothing'],
    ['the bare root', '/'],
  ])('answers 404 for %s', async (_name, path) => {
    const res = await call(emu, 'GET', path, { base: emu.url });
    expect(res.status).toBe(404);
    expect(res.json.error).toBe('not_found');
  });
});

describe('envelopes as the doc examples show them', () => {
  it('create answers the common envelope with data.groupid', async () => {
    const res = await call(emu, 'POST', '/chatgroups', { body: { owner: 'alice', public: true } });
    expect(res.json).toMatchObject({
      action: 'post',
      application: expect.stringMatching(/^[0-9a-f-]{36}$/),
      applicationName: 'chat',
      organization: 'acme',
      uri: `${emu.url}/acme/chat/chatgroups`,
      entities: [],
      data: { groupid: expect.stringMatching(/^\d+$/) },
      timestamp: expect.any(Number),
      duration: expect.any(Number),
    });
  });

  it('the app-group list shows prefixed owner, string lastModified, affiliations count and a cursor', async () => {
    const first = await createGroup({ groupname: 'one' });
    const second = await createGroup({ groupname: 'two', owner: 'bob', members: [] });
    const page1 = await call(emu, 'GET', '/chatgroups?limit=1');
    expect(page1.json).toMatchObject({ action: 'get', params: { limit: ['1'] }, count: 1, cursor: expect.any(String) });
    expect(page1.json.data).toEqual([
      { owner: 'acme#chat_bob', groupid: second, affiliations: 1, type: 'group', lastModified: expect.stringMatching(/^\d+$/), groupname: 'two' },
    ]);
    const page2 = await call(emu, 'GET', `/chatgroups?limit=1&cursor=${encodeURIComponent(page1.json.cursor)}`);
    expect(page2.json.data.map((g: any) => [g.groupid, g.affiliations])).toEqual([[first, 3]]);
    expect(page2.json.cursor).toBeUndefined();
  });

  it('details show bare owner, one-key affiliations with admins as member, and affiliations_count', async () => {
    const id = await createGroup({ groupname: 'eng', custom: 'k=v' });
    await call(emu, 'POST', `/chatgroups/${id}/admin`, { body: { newadmin: 'bob' } });
    const res = await call(emu, 'GET', `/chatgroups/${id}`);
    expect(res.json.count).toBe(1);
    expect(res.json.data[0]).toEqual({
      id, name: 'eng', avatar: '', description: '', membersonly: false, allowinvites: false, maxusers: 200,
      owner: 'alice', created: expect.any(Number), custom: 'k=v', mute: false, affiliations_count: 3, disabled: false,
      affiliations: [{ member: 'bob' }, { member: 'carol' }, { owner: 'alice' }], public: true,
    });
  });

  it('details of one missing id is a 404; of several, missing ones are marked in data', async () => {
    const id = await createGroup();
    const one = await call(emu, 'GET', '/chatgroups/999');
    expect(one.status).toBe(404);
    expect(one.json).toEqual({
      error: 'resource_not_found', exception: 'EasemobResourceNotFoundException', timestamp: expect.any(Number),
      duration: expect.any(Number), error_description: 'grpID 999 does not exist!',
    });
    const many = await call(emu, 'GET', `/chatgroups/${id},999`);
    expect(many.status).toBe(200);
    expect(many.json.data.map((g: any) => g.error ?? g.id)).toEqual([id, "group id doesn't exist"]);
  });

  it('modify answers a boolean per field; a body with newowner transfers', async () => {
    const id = await createGroup();
    const modify = await call(emu, 'PUT', `/chatgroups/${id}`, { body: { groupname: 'x', maxusers: 2 } });
    expect(modify.json).toMatchObject({ action: 'put', data: { groupname: true, maxusers: false } });
    const transfer = await call(emu, 'PUT', `/chatgroups/${id}`, { body: { newowner: 'bob' } });
    expect(transfer.json.data).toEqual({ newowner: true });
    expect(emu.store.getGroup(id)?.owner).toBe('bob');
    const bad = await call(emu, 'PUT', `/chatgroups/${id}`, { body: { groupid: '1' } });
    expect([bad.status, bad.json.error_description]).toEqual([400, 'some of [groupid] are not valid fields']);
  });

  it('disable, enable and dismiss answer their data', async () => {
    const id = await createGroup();
    expect((await call(emu, 'POST', `/chatgroups/${id}/disable`)).json.data).toEqual({ disabled: true });
    const refused = await call(emu, 'POST', `/chatgroups/${id}/users/dave`);
    expect([refused.status, refused.json.error]).toEqual([403, 'forbidden_op']);
    expect((await call(emu, 'POST', `/chatgroups/${id}/enable`)).json.data).toEqual({ disabled: false });
    expect((await call(emu, 'DELETE', `/chatgroups/${id}`)).json.data).toEqual({ success: true, groupid: id });
    expect((await call(emu, 'DELETE', `/chatgroups/${id}`)).status).toBe(404);
  });

  it('a user groups come as entities with total; is_joined as a boolean', async () => {
    const id = await createGroup({ groupname: 'g' });
    const res = await call(emu, 'GET', '/chatgroups/user/carol?pagesize=5&pagenum=0');
    expect(res.json.total).toBe(1);
    expect(res.json.entities[0]).toEqual({
      name: 'g', avatar: '', owner: 'alice', id, groupId: id, description: '', disabled: false, public: true,
      allowinvites: false, membersonly: false, maxusers: 200, created: expect.any(Number),
    });
    expect((await call(emu, 'GET', `/chatgroups/${id}/user/carol/is_joined`)).json.data).toBe(true);
    expect((await call(emu, 'GET', `/chatgroups/${id}/user/dave/is_joined`)).json.data).toBe(false);
  });

  it('admin calls answer list, result/newadmin and result/oldadmin', async () => {
    const id = await createGroup();
    expect((await call(emu, 'POST', `/chatgroups/${id}/admin`, { body: { newadmin: 'bob' } })).json.data).toEqual({ result: 'success', newadmin: 'bob' });
    expect((await call(emu, 'GET', `/chatgroups/${id}/admin`)).json).toMatchObject({ data: ['bob'], count: 1 });
    expect((await call(emu, 'DELETE', `/chatgroups/${id}/admin/bob`)).json.data).toEqual({ result: 'success', oldadmin: 'bob' });
    const notAdmin = await call(emu, 'DELETE', `/chatgroups/${id}/admin/bob`);
    expect([notAdmin.status, notAdmin.json.error_description]).toEqual([403, `user:bob is not admin of group:${id}`]);
    const nonMember = await call(emu, 'POST', `/chatgroups/${id}/admin`, { body: { newadmin: 'dave' } });
    expect([nonMember.status, nonMember.json.error]).toEqual([404, 'resource_not_found']);
  });

  it('member calls: list with owner/admin/member, add one and many, remove one (object) and many (array)', async () => {
    const id = await createGroup();
    await call(emu, 'POST', `/chatgroups/${id}/admin`, { body: { newadmin: 'carol' } });
    const list = await call(emu, 'GET', `/chatgroups/${id}/users?pagenum=1&pagesize=10`);
    expect(list.json).toMatchObject({ data: [{ owner: 'alice' }, { admin: 'carol' }, { member: 'bob' }], count: 3, params: { pagenum: ['1'], pagesize: ['10'] } });
    expect((await call(emu, 'POST', `/chatgroups/${id}/users/dave`)).json.data).toEqual({ result: true, groupid: id, action: 'add_member', user: 'dave' });
    expect((await call(emu, 'POST', `/chatgroups/${id}/users`, { body: { usernames: ['dave', 'erin'] } })).json.data).toEqual({ newmembers: ['erin'], groupid: id, action: 'add_member' });
    expect((await call(emu, 'DELETE', `/chatgroups/${id}/users/dave`)).json.data).toEqual({ result: true, groupid: id, action: 'remove_member', user: 'dave' });
    const withOwner = await call(emu, 'DELETE', `/chatgroups/${id}/users/erin,alice`);
    expect([withOwner.status, withOwner.json.error, withOwner.json.error_description]).toEqual([403, 'forbidden_op', 'forbidden operation on group owner!']);
    const many = await call(emu, 'DELETE', `/chatgroups/${id}/users/erin,bob`);
    expect(many.json.data).toEqual([
      { result: true, groupid: id, action: 'remove_member', user: 'erin' },
      { result: true, groupid: id, action: 'remove_member', user: 'bob' },
    ]);
    const missing = await call(emu, 'GET', '/chatgroups/404/users');
    expect([missing.status, missing.json.error, missing.json.error_description]).toEqual([404, 'service_resource_not_found', 'do not find this group:404']);
  });

  it('registers users as entities and refuses a duplicate', async () => {
    const res = await call(emu, 'POST', '/users', { body: [{ username: 'Zoe', password: 'p' }, { username: 'yann', password: 'p' }] });
    expect(res.json).toMatchObject({ action: 'post', path: '/users' });
    expect(res.json.entities).toEqual([
      { uuid: expect.any(String), type: 'user', created: expect.any(Number), modified: expect.any(Number), username: 'zoe', activated: true },
      { uuid: expect.any(String), type: 'user', created: expect.any(Number), modified: expect.any(Number), username: 'yann', activated: true },
    ]);
    const again = await call(emu, 'POST', '/users', { body: [{ username: 'zoe', password: 'p' }] });
    expect([again.status, again.json.error]).toEqual([400, 'duplicate_unique_property_exists']);
    expect(JSON.stringify(again.json)).not.toContain('"p"');
  });
});

describe('auth', () => {
  it.each([
    ['no Authorization header', null],
    ['a wrong token', 'nope'],
  ])('refuses %s with 401 unauthorized', async (_name, token) => {
    const res = await call(emu, 'GET', '/chatgroups', { token });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error: 'unauthorized', error_description: 'Unable to authenticate (OAuth)' });
  });

  it.each([
    ['a forged issued-looking token', 'YWMtabc.def'],
    ['an issued-looking token cut short', 'YWMtabc'],
  ])('refuses %s as corrupt (FACTS.md "wordings")', async (_name, token) => {
    const res = await call(emu, 'GET', '/chatgroups', { token });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error: 'unauthorized', error_description: 'Unable to authenticate due to corrupt access token' });
  });
});

describe('tokens', () => {
  let clock = 1_000_000;
  let tokenEmu: RunningEmulator;
  beforeAll(async () => {
    tokenEmu = await startEmulator({ quiet: true, now: () => clock, clientId: 'cid', clientSecret: 'csecret' });
  });
  afterAll(async () => {
    await tokenEmu.close();
  });

  it('issues a token that works until it expires, honouring ttl', async () => {
    const issued = await call(tokenEmu, 'POST', '/token', { token: null, body: { grant_type: 'client_credentials', client_id: 'cid', client_secret: 'csecret', ttl: 60 } });
    expect(issued.status).toBe(200);
    expect(issued.json).toEqual({ access_token: expect.any(String), expires_in: 60, application: expect.any(String) });
    const token = issued.json.access_token;
    expect((await call(tokenEmu, 'GET', '/chatgroups', { token })).status).toBe(200);
    clock += 61_000;
    const expired = await call(tokenEmu, 'GET', '/chatgroups', { token });
    expect([expired.status, expired.json.error_description]).toEqual([401, 'Unable to authenticate due to expired access token']);
  });

  it('uses the default lifetime without ttl', async () => {
    const issued = await call(tokenEmu, 'POST', '/token', { token: null, body: { grant_type: 'client_credentials', client_id: 'cid', client_secret: 'csecret' } });
    expect(issued.json.expires_in).toBe(60 * 24 * 3600);
  });

  it('refuses wrong credentials without echoing them', async () => {
    const res = await call(tokenEmu, 'POST', '/token', { token: null, body: { grant_type: 'client_credentials', client_id: 'cid', client_secret: 'guess' } });
    expect(res.status).toBe(400);
    expect(res.text).not.toContain('guess');
    expect(res.text).not.toContain('csecret');
  });
});

describe('counters', () => {
  it('counts calls by kind, in process and over HTTP, and resets', async () => {
    const id = await createGroup();
    await call(emu, 'GET', `/chatgroups/${id}`);
    await call(emu, 'GET', `/chatgroups/${id}`);
    await call(emu, 'DELETE', `/chatgroups/${id}/users/bob,carol`);
    await call(emu, 'GET', '/chatgroups', { token: 'bad' });
    expect(emu.counters()).toMatchObject({ 'create-group': 1, 'get-groups': 2, 'remove-members': 1, 'list-groups': 1, total: 5, dropped: 0 });
    const overHttp = await fetch(`${emu.url}/_emulator/counters`).then((r) => r.json());
    expect(overHttp).toEqual(emu.counters());
    await fetch(`${emu.url}/_emulator/counters/reset`, { method: 'POST' });
    expect(emu.counters()['total']).toBe(0);
    expect(emu.counters()['get-groups']).toBe(0);
  });
});

describe('GET /users/{username}', () => {
  it('answers one entity for a registered user, in any case, and 404 for an unknown one', async () => {
    const found = await call(emu, 'GET', '/users/Alice');
    expect(found.status).toBe(200);
    expect(found.json).toMatchObject({ entities: [{ type: 'user', username: 'alice', activated: true }], count: 1 });
    expect((await call(emu, 'GET', '/users/zed')).status).toBe(404);
    expect((await call(emu, 'GET', '/users/alice', { token: 'wrong' })).status).toBe(401);
  });
});

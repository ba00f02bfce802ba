/**
 * Every curl example of both doc pages (and the FACTS.md member, user and token calls),
 * made through the real ApiClient against the emulator in both URL styles, checking the
 * documented answer fields and their types.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBaseUrl } from '../../src/api/base-url.js';
import { createGroupService, type GroupServiceHandle } from '../../src/api/connect.js';
import type { ApiClient } from '../../src/api/client.js';
import { ApiError } from '../../src/api/errors.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';

const USERS = ['testuser', 'user1', 'user2', 'user3', 'man'];

describe.each(['easemob', 'agora'] as const)('the doc examples through ApiClient, %s style', (style) => {
  let emu: RunningEmulator;
  let handle: GroupServiceHandle;
  let api: ApiClient;
  let groupId: string;

  beforeAll(async () => {
    emu = await startEmulator({ port: 0, quiet: true, org: 'XXXX', app: 'testapp', seed: { users: USERS, groups: [] } });
    handle = createGroupService({
      base: parseBaseUrl(emu.baseUrls[style]),
      credentials: { kind: 'token', token: 'emulator-token' },
      rateLimit: 1000,
      concurrency: 4,
    });
    api = handle.client;
  });
  afterAll(async () => {
    await handle.close();
    await emu.close();
  });

  it('registers users (FACTS.md, Users)', async () => {
    const answer = await api.registerUsers([{ username: 'newbie', password: 'p1' }]);
    expect(answer.entities).toEqual([expect.objectContaining({ username: 'newbie', activated: true, type: 'user' })]);
  });

  it('creates a group', async () => {
    const answer = await api.createGroup({
      groupname: 'testgroup',
      avatar: 'https://www.XXXX.com/XXX/image',
      description: 'test',
      public: true,
      maxusers: 300,
      owner: 'testuser',
      members: ['user2'],
    });
    expect(answer.action).toBe('post');
    expect(typeof answer.data.groupid).toBe('string');
    groupId = answer.data.groupid;
  });

  it('shows the details of a group', async () => {
    const answer = await api.getGroups([groupId]);
    expect(answer.count).toBe(1);
    const g = answer.data[0] as Record<string, unknown>;
    expect(g).toMatchObject({
      id: groupId,
      name: 'testgroup',
      avatar: 'https://www.XXXX.com/XXX/image',
      description: 'test',
      membersonly: expect.any(Boolean),
      allowinvites: expect.any(Boolean),
      maxusers: 300,
      owner: 'testuser',
      created: expect.any(Number),
      custom: expect.any(String),
      mute: false,
      affiliations_count: 2,
      disabled: false,
      public: true,
    });
    expect(g.affiliations).toEqual(expect.arrayContaining([{ owner: 'testuser' }, { member: 'user2' }]));
  });

  it('modifies a group, one boolean per field', async () => {
    const body = {
      groupname: 'test groupname',
      avatar: 'https://www.XXXX.com/XXX/image',
      description: 'updategroupinfo12311',
      maxusers: 1500,
      membersonly: true,
      allowinvites: false,
      invite_need_confirm: true,
      custom: 'abc',
      public: true,
    };
    const answer = await api.modifyGroup(groupId, body);
    expect(answer.action).toBe('put');
    for (const field of Object.keys(body)) expect(answer.data).toHaveProperty(field, true);
  });

  it('lists the app groups by page, owners with the app key in front', async () => {
    await api.createGroup({ groupname: 'testgroup2', public: false, owner: 'user1' });
    const first = await api.listGroups(1);
    expect(first.count).toBe(1);
    expect(typeof first.cursor).toBe('string');
    expect(first.data[0]).toMatchObject({
      owner: expect.stringMatching(/^.+#.+_user1$/),
      groupid: expect.any(String),
      affiliations: expect.any(Number),
      type: 'group',
      lastModified: expect.any(String),
      groupname: 'testgroup2',
    });
    const second = await api.listGroups(1, first.cursor);
    expect(second.data[0]).toMatchObject({ groupid: groupId, owner: expect.stringMatching(/_testuser$/) });
  });

  it("lists a user's groups", async () => {
    const answer = await api.userGroups('user2', 20, 0);
    expect(answer.total).toBe(1);
    expect(answer.entities[0]).toMatchObject({
      groupId,
      name: 'test groupname',
      owner: expect.any(String),
      description: expect.any(String),
      disabled: false,
      public: true,
      allowinvites: false,
      membersonly: true,
      maxusers: 1500,
      created: expect.any(Number),
    });
  });

  it('says whether a user has joined', async () => {
    expect((await api.isJoined(groupId, 'user2')).data).toBe(true);
    expect((await api.isJoined(groupId, 'user3')).data).toBe(false);
  });

  it('adds and removes members one at a time and in batches (FACTS.md, Members)', async () => {
    expect((await api.addMember(groupId, 'user3')).data).toMatchObject({ result: true, action: 'add_member', user: 'user3' });
    expect((await api.addMembers(groupId, ['user1', 'man'])).data.newmembers.sort()).toEqual(['man', 'user1']);
    const members = await api.listMembers(groupId, 1, 1000);
    expect(members.data).toEqual(expect.arrayContaining([{ owner: 'testuser' }, { member: 'user3' }, { member: 'man' }]));
    expect((await api.removeMember(groupId, 'user3')).data).toMatchObject({ result: true, user: 'user3' });
    expect(await api.removeMembers(groupId, ['user1'])).toEqual([expect.objectContaining({ result: true, user: 'user1' })]);
    expect(await api.addMembers(groupId, ['user1', 'user3'])).toBeDefined();
    const removed = await api.removeMembers(groupId, ['user1', 'user3']);
    expect(removed.map((r) => [r.user, r.result])).toEqual([
      ['user1', true],
      ['user3', true],
    ]);
  });

  it('makes, lists and removes an admin', async () => {
    const added = await api.addAdmin(groupId, 'man');
    expect(added.data).toEqual({ result: 'success', newadmin: 'man' });
    expect((await api.listAdmins(groupId)).data).toEqual(['man']);
    const removed = await api.removeAdmin(groupId, 'man');
    expect(removed.data).toMatchObject({ result: 'success', oldadmin: 'man' });
  });

  it('refuses an admin who is not a member with a documented error', async () => {
    const error = await api.addAdmin(groupId, 'user3').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, description: expect.stringContaining("doesn't exist in group") });
  });

  it('transfers ownership', async () => {
    const answer = await api.transferOwner(groupId, 'user2');
    expect(answer.data).toEqual({ newowner: true });
    const g = (await api.getGroups([groupId])).data[0] as Record<string, unknown>;
    expect(g.owner).toBe('user2');
  });

  it('disables and enables a group', async () => {
    expect((await api.disableGroup(groupId)).data).toEqual({ disabled: true });
    expect((await api.enableGroup(groupId)).data).toEqual({ disabled: false });
  });

  it('dismisses a group', async () => {
    const answer = await api.dismissGroup(groupId);
    expect(answer.data).toEqual({ success: true, groupid: groupId });
    await expect(handle.service.getGroups([groupId])).resolves.toEqual(new Map([[groupId, null]]));
  });

  it('reads the same state through HttpGroupService', async () => {
    const id = await handle.service.createGroup({ settings: { name: 'svc', max_users: 50 }, owner: 'user1', members: ['user2', 'user3'] });
    await handle.service.addAdmin(id, 'user2');
    const snapshot = (await handle.service.getGroups([id, '228999999999999'])).get(id)!;
    expect(snapshot).toMatchObject({ owner: 'user1', members: ['user2', 'user3'], settings: { name: 'svc', max_users: 50, public: false } });
    expect(await handle.service.getAdmins(id)).toEqual(['user2']);
    expect(await handle.service.getMembers(id)).toMatchObject({ owner: 'user1', members: ['user2', 'user3'] });
    const listed = [];
    for await (const g of handle.service.listGroups()) listed.push(g);
    expect(listed.find((g) => g.id === id)).toMatchObject({ owner: 'user1', name: 'svc' });
  });
});

describe('tokens from the emulator', () => {
  it('gets a token with client credentials and uses it', async () => {
    const emu = await startEmulator({ port: 0, quiet: true, seed: { users: ['a'], groups: [] } });
    const handle = createGroupService({
      base: parseBaseUrl(emu.baseUrls.easemob),
      credentials: { kind: 'easemob', clientId: 'emulator', clientSecret: 'emulator-secret' },
      rateLimit: 100,
      concurrency: 2,
    });
    try {
      await Promise.all([handle.client.listGroups(10), handle.client.listGroups(10), handle.client.listGroups(10)]);
      expect(emu.counters().token).toBe(1);
    } finally {
      await handle.close();
      await emu.close();
    }
  });
});

describe('against the emulator rate limit', () => {
  async function run(serverRate: number, clientRate: number, calls: number) {
    const emu = await startEmulator({ port: 0, quiet: true, rateLimit: serverRate, seed: { users: ['a'], groups: [] } });
    const handle = createGroupService({
      base: parseBaseUrl(emu.baseUrls.agora),
      credentials: { kind: 'token', token: 'emulator-token' },
      rateLimit: clientRate,
      concurrency: 8,
    });
    try {
      const answers = await Promise.all(Array.from({ length: calls }, () => handle.client.listGroups(1)));
      return { answers, stats: handle.stats(), counters: emu.counters() };
    } finally {
      await handle.close();
      await emu.close();
    }
  }

  it('finishes every call of a 429 storm', async () => {
    const { answers, stats, counters } = await run(40, 1000, 80);
    expect(answers).toHaveLength(80);
    expect(stats.status429).toBeGreaterThan(0);
    expect(counters['status-429']).toBe(stats.status429);
  });

  it('sees no 429 at all when set to the server rate', async () => {
    const { answers, stats } = await run(40, 40, 80);
    expect(answers).toHaveLength(80);
    expect(stats.status429).toBe(0);
  });
});

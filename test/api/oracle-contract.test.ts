/**
 * The contract between the client and the emulator, which keep their beliefs about the
 * service apart (the emulator imports nothing from the client): the client's limits
 * must be the emulator's documented ones, and every call the client makes must be the
 * call the emulator counts under the same kind. A belief changed on one side only
 * fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaticToken } from '../../src/api/auth.js';
import { parseBaseUrl } from '../../src/api/base-url.js';
import { ApiClient, MAX_URL_LENGTH } from '../../src/api/client.js';
import { createGroupService } from '../../src/api/connect.js';
import { RateLimiter } from '../../src/api/rate-limiter.js';
import { Transport, type ApiRequest } from '../../src/api/transport.js';
import { API_RATES } from '../../src/api/api-rates.js';
import { API_RATE_LIMITS, SERVICE_LIMITS } from '../../src/emulator/limits.js';
import { CALL_KINDS } from '../../src/emulator/routes.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { LIMITS } from '../../src/model/group.js';

describe("the client's limits are the emulator's", () => {
  it.each([
    ['admins per group', LIMITS.maxAdmins, SERVICE_LIMITS.maxAdmins],
    ['group name length', LIMITS.nameLength, SERVICE_LIMITS.groupnameLength],
    ['description length', LIMITS.descriptionLength, SERVICE_LIMITS.descriptionLength],
    ['avatar length', LIMITS.avatarLength, SERVICE_LIMITS.avatarLength],
    ['custom length', LIMITS.customLength, SERVICE_LIMITS.customLength],
    ['default max users', LIMITS.defaultMaxUsers, SERVICE_LIMITS.defaultMaxUsers],
    ['ids per details call', LIMITS.detailsBatch, SERVICE_LIMITS.detailsBatch],
    ['members a details call lists', LIMITS.detailsMemberCap, SERVICE_LIMITS.detailsMemberCap],
    ['names per member batch', LIMITS.memberBatch, SERVICE_LIMITS.batch],
    ['batch-removal URL length', MAX_URL_LENGTH, SERVICE_LIMITS.maxUrlLength],
    ['groups per app-list page', LIMITS.listPage, SERVICE_LIMITS.listLimit],
    ['members per member-list page', LIMITS.memberPage, SERVICE_LIMITS.memberPageSize],
  ])('%s: %i', (_what, client, emulator) => {
    expect(client).toBe(emulator);
  });

  it('the APIs with a rate budget of their own, and their budgets', () => {
    expect(API_RATES).toEqual(API_RATE_LIMITS);
  });

  it.each([
    ['alice', true], ['a.b_c-d9', true], ['x'.repeat(64), true],
    ['x'.repeat(65), false], ['Alice', false], ['a b', false], ['', false], ['a@b', false], ['é', false],
  ])('the user-id rule agrees on %j (%s)', (id, valid) => {
    expect(LIMITS.userIdPattern.test(id)).toBe(valid);
    expect(SERVICE_LIMITS.userIdPattern.test(id)).toBe(valid);
  });
});

describe('every client call is the call the emulator counts under the same kind', () => {
  let emu: RunningEmulator;
  let transport: Transport;
  let client: ApiClient;
  const sent: string[] = [];

  beforeAll(async () => {
    emu = await startEmulator({ quiet: true, seed: { users: ['alice', 'bob', 'carol', 'dave', 'erin'], groups: [] } });
    transport = new Transport({
      base: parseBaseUrl(emu.baseUrls.easemob),
      auth: new StaticToken('emulator-token'),
      limiter: new RateLimiter({ rate: 1000 }),
      concurrency: 2,
    });
    const request = transport.request.bind(transport);
    // Records the kind the client gives each call, then sends it as usual.
    transport.request = (<T>(spec: ApiRequest) => (sent.push(spec.kind), request<T>(spec))) as Transport['request'];
    client = new ApiClient(transport);
  });
  afterAll(async () => {
    await transport.close();
    await emu.close();
  });

  let id = '';
  const calls: Array<[string, () => Promise<unknown>]> = [
    ['register users', () => client.registerUsers([{ username: 'newbie', password: 'p' }])],
    ['read one user', () => client.getUser('newbie')],
    ['token', () => client.token({ grant_type: 'client_credentials', client_id: 'emulator', client_secret: 'emulator-secret' })],
    ['create', async () => (id = (await client.createGroup({ public: true, owner: 'alice', members: ['bob'] })).data.groupid)],
    ['details', () => client.getGroups([id])],
    ['list groups', () => client.listGroups(10)],
    ["a user's groups", () => client.userGroups('alice', 20, 0)],
    ['is joined', () => client.isJoined(id, 'bob')],
    ['modify', () => client.modifyGroup(id, { groupname: 'renamed' })],
    ['add one member', () => client.addMember(id, 'carol')],
    ['add members', () => client.addMembers(id, ['dave', 'erin'])],
    ['list members', () => client.listMembers(id, 1, 1000)],
    ['add admin', () => client.addAdmin(id, 'bob')],
    ['list admins', () => client.listAdmins(id)],
    ['remove admin', () => client.removeAdmin(id, 'bob')],
    ['remove one member', () => client.removeMember(id, 'carol')],
    ['remove members', () => client.removeMembers(id, ['dave', 'erin'])],
    ['transfer', () => client.transferOwner(id, 'bob')],
    ['set announcement', () => client.setAnnouncement(id, 'Read the rules')],
    ['get announcement', () => client.getAnnouncement(id)],
    ['add to the allow list', () => client.addToList('allow', id, ['alice'])],
    ['list the allow list', () => client.getList('allow', id)],
    ['remove from the allow list', () => client.removeFromList('allow', id, ['alice'])],
    ['block', () => client.addToList('block', id, ['alice'])],
    ['list the block list', () => client.getList('block', id)],
    ['unblock', () => client.removeFromList('block', id, ['alice'])],
    ['mute all', () => client.muteAll(id)],
    ['unmute all', () => client.unmuteAll(id)],
    ['disable', () => client.disableGroup(id)],
    ['enable', () => client.enableGroup(id)],
    ['dismiss', () => client.dismissGroup(id)],
  ];

  it.each(calls)('%s', async (_name, run) => {
    const before = emu.counters();
    const from = sent.length;
    await run();
    const kinds = sent.slice(from);
    expect(kinds).toHaveLength(1);
    const kind = kinds[0]!;
    expect(CALL_KINDS).toContain(kind);
    const after = emu.counters();
    const changed = Object.keys(after).filter((k) => after[k] !== before[k] && k !== 'total');
    expect(changed).toEqual([kind]);
    expect(after[kind]).toBe(before[kind]! + 1);
  });

  it("covers every kind the emulator counts", () => {
    expect([...new Set(sent)].sort()).toEqual([...CALL_KINDS].sort());
  });
});

it("a user's groups are read 20 a page, the emulator's largest page", async () => {
  const groups = Array.from({ length: 45 }, (_, i) => ({ id: String(500 + i), owner: 'alice' }));
  const emu = await startEmulator({ quiet: true, seed: { users: ['alice'], groups } });
  const handle = createGroupService({ base: parseBaseUrl(emu.baseUrls.easemob), credentials: { kind: 'token', token: 'emulator-token' }, rateLimit: 1000, concurrency: 2 });
  try {
    expect((await handle.service.userGroups('alice')).map((g) => g.id).sort()).toEqual(groups.map((g) => g.id));
    expect(SERVICE_LIMITS.userGroupsPageSize).toBe(20);
    // 20 + 20 + 5: a smaller page size would need more calls.
    expect(emu.counters()['user-groups']).toBeLessThanOrEqual(Math.ceil(45 / SERVICE_LIMITS.userGroupsPageSize));
  } finally {
    await handle.close();
    await emu.close();
  }
});

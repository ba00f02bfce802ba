/**
 * Each dialect answers its reading of FACTS.md's last table over HTTP, and the default
 * (docs) keeps the doc pages' reading. One emulator per dialect; each test seeds what
 * it reads through the store's data, so tests share nothing but the server.
 */
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { renderHelp } from '../../src/cli/help.js';
import { COMMANDS } from '../../src/cli/specs.js';
import { DIALECTS, readingsOf } from '../../src/emulator/dialects.js';
import { dialectPairs, HANDLED, NOT_YET } from '../helpers/dialect-matrix.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/server.js';
import { call } from './helpers.js';

const APP_ID = '970ca35de60c44645bbae8a215061b33';
const CERTIFICATE = '5cfd2fd1755d40ecb72977518be15d3b';
const USERS = ['alice', 'bob', 'carol', 'dave', 'erin'];
const SEED = {
  users: USERS,
  groups: [
    { id: '100', owner: 'alice', members: ['bob', 'carol'], admins: ['bob'], groupname: 'Team', public: true },
    { id: '101', owner: 'alice', members: ['bob'], disabled: true, public: true },
    ...Array.from({ length: 3 }, (_, i) => ({ id: String(200 + i), owner: 'erin', public: false })),
  ],
};

const running: RunningEmulator[] = [];
afterAll(async () => {
  await Promise.all(running.map((e) => e.close()));
});

/** A fresh emulator per test: the tests here change state. */
async function emulator(dialects: string, extra: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emu = await startEmulator({ seed: SEED, quiet: true, appId: APP_ID, appCertificate: CERTIFICATE, dialects, ...extra });
  running.push(emu);
  return emu;
}

function agoraToken(): string {
  const { ChatTokenBuilder } = createRequire(import.meta.url)('agora-token') as {
    ChatTokenBuilder: { buildAppToken(appId: string, certificate: string, expire: number): string };
  };
  return ChatTokenBuilder.buildAppToken(APP_ID, CERTIFICATE, 600);
}

async function created(emu: RunningEmulator, body: Record<string, unknown>) {
  const res = await call(emu, 'POST', '/chatgroups', { body: { owner: 'alice', public: true, ...body } });
  expect(res.status, res.text).toBe(200);
  return emu.store.getGroup(res.json.data.groupid)!;
}

describe('the dialect table', () => {
  it('has combinations that meet every pair of dialects of different topics, each one the emulator takes', () => {
    const combos = dialectPairs().map((c) => c.split(','));
    for (const combo of combos) expect(() => readingsOf(combo)).not.toThrow();
    const topics = DIALECTS.filter((d) => d.topic !== undefined);
    for (const a of topics) {
      for (const b of topics) {
        if (a.name >= b.name || a.topic === b.topic) continue;
        expect(combos.some((c) => c.includes(a.name) && c.includes(b.name)), `${a.name} with ${b.name}`).toBe(true);
      }
    }
  });

  it('names are unique, short and described in one line', () => {
    const names = DIALECTS.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    for (const d of DIALECTS) {
      expect(d.name).toMatch(/^[a-z0-9-]{2,24}$/);
      expect(d.description).not.toContain('\n');
    }
  });

  it('groupctl emulator --help lists each with its description, the README points there, and the dialect table has one row each', () => {
    const help = renderHelp(COMMANDS['emulator']!);
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toMatch(/`groupctl emulator --help` lists\s+the dialects/);
    const table = readFileSync(new URL('../../examples/adopt/service-and-state.md', import.meta.url), 'utf8');
    const section = table.slice(table.indexOf('## Emulator dialects')).split(/\n## /)[0]!;
    const rows = section.split('\n').filter((line) => /^\| `[a-z0-9-]+` \| /.test(line));
    expect(rows.map((line) => /^\| `([a-z0-9-]+)`/.exec(line)![1])).toEqual(DIALECTS.map((d) => d.name));
    expect(help).toContain('never the store\'s rules');
    for (const d of DIALECTS) expect(help).toMatch(new RegExp(`\\n  ${d.name} +${d.description.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`));
  });

  it('the test matrix takes every dialect, or lists it with what the client lacks', () => {
    const names = DIALECTS.map((d) => d.name);
    expect([...HANDLED, ...Object.keys(NOT_YET)].sort()).toEqual([...names].sort());
    for (const [name, lacks] of Object.entries(NOT_YET)) {
      expect(names, name).toContain(name);
      expect(lacks.length, name).toBeGreaterThan(10);
    }
  });

  it('refuses an unknown name and two readings of one topic, and combines different topics', () => {
    expect(() => readingsOf('create-desk')).toThrow(/unknown dialect "create-desk"; known: docs, create-desc/);
    expect(() => readingsOf(['create-desc', 'create-approval'])).toThrow(/"create-desc" and "create-approval" contradict/);
    expect(readingsOf('create-desc,remove-404')).toMatchObject({ createFields: 'desc+members_only', removeNonMember: 404 });
    expect(readingsOf('docs')).toEqual(readingsOf(undefined));
  });
});

describe('create field spellings', () => {
  const body = { description: 'long', membersonly: true, desc: 'short', members_only: true, approval: true };
  it.each([
    ['docs', { description: 'long', membersonly: true }, { description: 'long', membersonly: true }],
    ['docs', { desc: 'short', members_only: true, approval: true }, { description: '', membersonly: false }],
    ['create-desc', { desc: 'short', members_only: true }, { description: 'short', membersonly: true }],
    ['create-desc', { description: 'long', membersonly: true, approval: true }, { description: '', membersonly: false }],
    ['create-approval', { desc: 'short', approval: true }, { description: 'short', membersonly: true }],
    ['create-approval', { description: 'long', membersonly: true, members_only: true }, { description: '', membersonly: false }],
    ['create-approval', body, { description: 'short', membersonly: true }],
  ])('%s: create with %j keeps %j', async (dialect, fields, kept) => {
    const emu = await emulator(dialect);
    expect(await created(emu, fields)).toMatchObject(kept);
  });
});

describe('modify name field', () => {
  it('docs: groupname renames and name is refused by name', async () => {
    const emu = await emulator('docs');
    expect((await call(emu, 'PUT', '/chatgroups/100', { body: { groupname: 'A' } })).json.data).toEqual({ groupname: true });
    const refused = await call(emu, 'PUT', '/chatgroups/100', { body: { name: 'B' } });
    expect([refused.status, refused.json.error_description]).toEqual([400, 'some of [name] are not valid fields']);
    expect(emu.store.getGroup('100')!.groupname).toBe('A');
  });

  it('modify-name: name renames; groupname is ignored without a word in the answer', async () => {
    const emu = await emulator('modify-name');
    const ignored = await call(emu, 'PUT', '/chatgroups/100', { body: { groupname: 'A', maxusers: 300 } });
    expect([ignored.status, ignored.json.data]).toEqual([200, { maxusers: true }]);
    expect(emu.store.getGroup('100')!.groupname).toBe('Team');
    expect((await call(emu, 'PUT', '/chatgroups/100', { body: { name: 'B' } })).json.data).toEqual({ groupname: true });
    expect(emu.store.getGroup('100')!.groupname).toBe('B');
  });
});

describe('member batches where nothing can be done', () => {
  it('docs: batch remove of non-members answers 200 with a false row each; batch add of members 200 with none new', async () => {
    const emu = await emulator('docs');
    const removed = await call(emu, 'DELETE', '/chatgroups/100/users/dave,erin');
    expect(removed.status).toBe(200);
    expect(removed.json.data.map((r: any) => [r.user, r.result])).toEqual([['dave', false], ['erin', false]]);
    const added = await call(emu, 'POST', '/chatgroups/100/users', { body: { usernames: ['bob', 'carol'] } });
    expect([added.status, added.json.data.newmembers]).toEqual([200, []]);
  });

  it('batch-remove-403: 403 for the whole call when no name is a member, rows when one is', async () => {
    const emu = await emulator('batch-remove-403');
    const refused = await call(emu, 'DELETE', '/chatgroups/100/users/dave,erin');
    expect([refused.status, refused.json.error, refused.json.error_description]).toEqual([403, 'forbidden_op', 'users [dave, erin] are not members of this group!']);
    const partial = await call(emu, 'DELETE', '/chatgroups/100/users/dave,carol');
    expect(partial.status).toBe(200);
    expect(partial.json.data.map((r: any) => [r.user, r.result])).toEqual([['dave', false], ['carol', true]]);
  });

  it('batch-add-403: 403 for the whole call when every name is a member, and nothing changes', async () => {
    const emu = await emulator('batch-add-403');
    const before = emu.store.getGroup('100');
    const refused = await call(emu, 'POST', '/chatgroups/100/users', { body: { usernames: ['bob', 'carol'] } });
    expect([refused.status, refused.json.error]).toEqual([403, 'forbidden_op']);
    expect(emu.store.getGroup('100')).toEqual(before);
    const some = await call(emu, 'POST', '/chatgroups/100/users', { body: { usernames: ['bob', 'dave'] } });
    expect([some.status, some.json.data.newmembers]).toEqual([200, ['dave']]);
  });
});

describe('remove one non-member', () => {
  it.each([
    ['docs', 403, 'forbidden_op'],
    ['remove-404', 404, 'resource_not_found'],
  ])('%s answers %i %s', async (dialect, status, error) => {
    const emu = await emulator(dialect);
    const res = await call(emu, 'DELETE', '/chatgroups/100/users/dave');
    expect([res.status, res.json.error, res.json.error_description]).toEqual([status, error, "user: dave doesn't exist in group: 100"]);
    // The owner is still refused with 403 under both.
    expect((await call(emu, 'DELETE', '/chatgroups/100/users/alice')).status).toBe(403);
  });
});

describe('admins in the member list', () => {
  it.each([
    ['docs', [{ owner: 'alice' }, { admin: 'bob' }, { member: 'carol' }]],
    ['admins-as-members', [{ owner: 'alice' }, { member: 'bob' }, { member: 'carol' }]],
  ])('%s lists %j', async (dialect, rows) => {
    const emu = await emulator(dialect);
    expect((await call(emu, 'GET', '/chatgroups/100/users?pagenum=1&pagesize=1000')).json.data).toEqual(rows);
  });
});

const CROWD = Array.from({ length: 249 }, (_, i) => `u${String(i).padStart(3, '0')}`);
const BIG_SEED = { users: ['alice', ...CROWD], groups: [{ id: '300', owner: 'alice', members: CROWD, public: true }] };

describe('member list pages of a 250-member group', () => {
  it.each([
    ['docs', 1000, [250]],
    ['docs', undefined, [250]],
    ['member-pages-100', 1000, [100, 100, 50]],
    ['member-pages-100', undefined, [10, 10]],
  ])('%s with pagesize %s gives pages of %j', async (dialect, asked, sizes) => {
    const emu = await emulator(dialect, { seed: BIG_SEED });
    const got: number[] = [];
    for (let pagenum = 1; pagenum <= sizes.length; pagenum++) {
      const query = asked === undefined ? `pagenum=${pagenum}` : `pagenum=${pagenum}&pagesize=${asked}`;
      got.push((await call(emu, 'GET', `/chatgroups/300/users?${query}`)).json.data.length);
    }
    expect(got).toEqual(sizes);
  });
});

describe('the details of a 250-member group', () => {
  it.each([
    ['docs', 250],
    ['details-partial', 100],
  ])('%s lists %i affiliations and counts 250', async (dialect, listed) => {
    const emu = await emulator(dialect, { seed: BIG_SEED });
    const [row] = (await call(emu, 'GET', '/chatgroups/300')).json.data;
    expect([row.affiliations.length, row.affiliations_count]).toEqual([listed, 250]);
    expect(row.affiliations.at(-1)).toEqual({ owner: 'alice' });
  });
});

describe('a missing id in a details batch', () => {
  it.each([
    ['docs', [{ id: '999', error: "group id doesn't exist" }, '100']],
    ['details-no-owner', [{ id: '999', affiliations_count: 0, affiliations: [] }, '100']],
    ['details-omit', ['100']],
  ])('%s shows %j', async (dialect, expected) => {
    const emu = await emulator(dialect);
    const res = await call(emu, 'GET', '/chatgroups/999,100');
    expect(res.status).toBe(200);
    expect(res.json.data.map((row: any) => (row.owner === 'alice' ? row.id : row))).toEqual(expected);
    expect(res.json.count).toBe(expected.length);
    // One id alone is the page's 404 under every dialect.
    expect((await call(emu, 'GET', '/chatgroups/999')).status).toBe(404);
  });
});

describe("a user's groups by page", () => {
  const pages = async (emu: RunningEmulator) => {
    const ids: string[][] = [];
    for (const pagenum of [0, 1, 2]) {
      const res = await call(emu, 'GET', `/chatgroups/user/erin?pagesize=2&pagenum=${pagenum}`);
      expect(res.json.total).toBe(3);
      ids.push(res.json.entities.map((g: any) => g.groupId));
    }
    return ids;
  };
  it.each([
    ['docs', [['200', '201'], ['202'], []]],
    ['user-pages-1', [['200', '201'], ['200', '201'], ['202']]],
    ['user-pages-1-strict', [[], ['200', '201'], ['202']]],
  ])('%s: pages 0, 1, 2 are %j', async (dialect, expected) => {
    expect(await pages(await emulator(dialect))).toEqual(expected);
  });
});

describe('error bodies', () => {
  it('docs: error, exception and error_description', async () => {
    const res = await call(await emulator('docs'), 'GET', '/chatgroups/999');
    expect(res.json).toEqual({
      error: 'resource_not_found', exception: 'EasemobResourceNotFoundException', error_description: 'grpID 999 does not exist!',
      timestamp: expect.any(Number), duration: expect.any(Number),
    });
  });

  it('error-code: a numeric error_code and desc, for store refusals, auth and token errors alike', async () => {
    const emu = await emulator('error-code');
    const missing = await call(emu, 'GET', '/chatgroups/999');
    expect(missing.json).toEqual({ error_code: 404, desc: 'grpID 999 does not exist!', timestamp: expect.any(Number), duration: expect.any(Number) });
    const unauthenticated = await call(emu, 'GET', '/chatgroups', { token: null });
    expect(unauthenticated.json).toMatchObject({ error_code: 401, desc: 'Unable to authenticate (OAuth)' });
    expect(unauthenticated.json.error).toBeUndefined();
    const badGrant = await call(emu, 'POST', '/token', { token: null, body: { grant_type: 'password' } });
    expect([badGrant.status, badGrant.json.error_code]).toEqual([400, 400]);
  });
});

describe('token expires_in', () => {
  it.each([
    ['docs', 3600],
    ['token-ms', 3_600_000],
  ])('%s answers a 3600 s token with expires_in %i', async (dialect, expiresIn) => {
    const emu = await emulator(dialect);
    const res = await call(emu, 'POST', '/token', { token: null, body: { grant_type: 'client_credentials', client_id: 'emulator', client_secret: 'emulator-secret', ttl: 3600 } });
    expect(res.json.expires_in).toBe(expiresIn);
    expect((await call(emu, 'GET', '/chatgroups', { token: res.json.access_token })).status).toBe(200);
  });
});

describe('a change to a disabled group', () => {
  it.each([
    ['docs', 'group 101 is disabled'],
    ['disabled-websdk', 'can not operate this group, reason: group is disabled'],
  ])('%s refuses with 403 "%s"', async (dialect, words) => {
    const emu = await emulator(dialect);
    const res = await call(emu, 'PUT', '/chatgroups/101', { body: { groupname: 'x' } });
    expect([res.status, res.json.error, res.json.error_description]).toEqual([403, 'forbidden_op', words]);
  });
});

describe('Agora tokens', () => {
  it('docs: the Agora token is the Bearer; grant_type agora is not a grant', async () => {
    const emu = await emulator('docs');
    expect((await call(emu, 'GET', '/chatgroups', { token: agoraToken() })).status).toBe(200);
    const exchange = await call(emu, 'POST', '/token', { token: agoraToken(), body: { grant_type: 'agora' } });
    expect([exchange.status, exchange.json.error]).toEqual([400, 'unsupported_grant_type']);
  });

  it('agora-exchange: refused directly, exchanged at POST /token for a token that works', async () => {
    let clock = Date.now();
    const emu = await emulator('agora-exchange', { now: () => clock, tokenTtlSeconds: 7200 });
    const token = agoraToken();
    const direct = await call(emu, 'GET', '/chatgroups', { token });
    expect([direct.status, direct.json.error]).toEqual([401, 'unauthorized']);
    expect((await call(emu, 'POST', '/token', { token: null, body: { grant_type: 'agora' } })).status).toBe(401);
    expect((await call(emu, 'POST', '/token', { token: 'forged', body: { grant_type: 'agora' } })).status).toBe(401);
    const exchanged = await call(emu, 'POST', '/token', { token, body: { grant_type: 'agora' } });
    expect(exchanged.status).toBe(200);
    expect(exchanged.json).toEqual({ access_token: expect.stringMatching(/^YWMt/), expire_timestamp: clock + 7_200_000 });
    expect((await call(emu, 'GET', '/chatgroups', { token: exchanged.json.access_token })).status).toBe(200);
    clock += 7_200_001;
    expect((await call(emu, 'GET', '/chatgroups', { token: exchanged.json.access_token })).json.error_description).toMatch(/expired/);
  });
});

describe('429 bodies', () => {
  it('rate-html: every 429 is an HTML page, never JSON', async () => {
    const emu = await emulator('rate-html', { rateLimit: 1, now: () => 5_000 });
    expect((await call(emu, 'GET', '/chatgroups')).status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const limited = await call(emu, 'GET', '/chatgroups');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('content-type')).toMatch(/^text\/html/);
      expect(limited.json).toBeUndefined();
    }
  });
});

describe('per-API rate budgets (FACTS.md "Rate limits": a user\'s groups 50/s, token 300/s, the rest the app\'s)', () => {
  const userGroups = (emu: RunningEmulator) => call(emu, 'GET', '/chatgroups/user/alice');
  const statuses = async (emu: RunningEmulator, n: number, send: (emu: RunningEmulator) => Promise<{ status: number }>) => {
    const seen: number[] = [];
    for (let i = 0; i < n; i++) seen.push((await send(emu)).status);
    return seen;
  };

  it('docs: a user\'s groups has its own 50 a second, whatever the app\'s limit, and does not spend the app\'s', async () => {
    const emu = await emulator('docs', { rateLimit: 100, now: () => 5_000 });
    const seen = await statuses(emu, 51, userGroups);
    expect(seen.filter((s) => s === 200)).toHaveLength(50);
    expect(seen[50]).toBe(429);
    expect(await statuses(emu, 100, (e) => call(e, 'GET', '/chatgroups'))).toEqual(Array(100).fill(200));
  });

  it('rate-shared: a user\'s groups also spends the app\'s budget', async () => {
    const emu = await emulator('rate-shared', { rateLimit: 100, now: () => 5_000 });
    expect(await statuses(emu, 50, userGroups)).toEqual(Array(50).fill(200));
    const rest = await statuses(emu, 51, (e) => call(e, 'GET', '/chatgroups'));
    expect(rest.filter((s) => s === 200)).toHaveLength(50);
  });

  it('no rate limit: no per-API budget either', async () => {
    const emu = await emulator('docs', { now: () => 5_000 });
    expect(await statuses(emu, 60, userGroups)).toEqual(Array(60).fill(200));
  });

  it('a used-up call quota answers 429 to every call after it, whatever the API', async () => {
    const emu = await emulator('docs', { callQuota: 2 });
    expect(await statuses(emu, 4, userGroups)).toEqual([200, 200, 429, 429]);
    expect((await call(emu, 'POST', '/token', { token: null, body: { grant_type: 'client_credentials', client_id: 'emulator', client_secret: 'emulator-secret' } })).status).toBe(429);
  });
});

describe('transfer to an admin', () => {
  it.each([
    ['docs', []],
    ['transfer-keeps-admin', ['bob']],
  ])('%s leaves admins %j', async (dialect, admins) => {
    const emu = await emulator(dialect);
    expect((await call(emu, 'PUT', '/chatgroups/100', { body: { newowner: 'bob' } })).status).toBe(200);
    expect(emu.store.getGroup('100')!.admins).toEqual(admins);
  });
});

it('every dialect is tried above', () => {
  const source = readFileSync(new URL(import.meta.url), 'utf8');
  for (const d of DIALECTS) expect(source, d.name).toContain(`'${d.name}'`);
});

describe('a caller-chosen groupid on create (FACTS.md "create, extra fields")', () => {
  it('is used, and a second create with it is refused with the doc error', async () => {
    const emu = await emulator('docs');
    expect((await created(emu, { groupid: 'gcchosen1' })).id).toBe('gcchosen1');
    const again = await call(emu, 'POST', '/chatgroups', { body: { owner: 'alice', public: true, groupid: 'gcchosen1' } });
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ error: 'invalid_parameter', error_description: 'group ID gcchosen1 already exists!' });
    const bad = await call(emu, 'POST', '/chatgroups', { body: { owner: 'alice', public: true, groupid: 'no spaces' } });
    expect(bad.status).toBe(400);
  });

  it('is dropped unread under create-ignores-groupid: the store makes its own id', async () => {
    const emu = await emulator('create-ignores-groupid');
    const first = await created(emu, { groupid: 'gcchosen1' });
    const second = await created(emu, { groupid: 'gcchosen1' });
    expect(first.id).not.toBe('gcchosen1');
    expect(second.id).not.toBe(first.id);
  });
});

describe('allowinvites on a public group', () => {
  const create = { groupname: 'P', owner: 'alice', public: true, allowinvites: true, maxusers: 200 };
  const settingsOf = async (emu: RunningEmulator, id: string) => emu.store.getGroup(id)!.allowinvites;

  it('docs: create and modify keep allowinvites=true', async () => {
    const emu = await emulator('docs');
    const made = await call(emu, 'POST', '/chatgroups', { body: create });
    expect(await settingsOf(emu, made.json.data.groupid)).toBe(true);
  });

  it('public-no-invites: create and modify answer true and the group keeps false', async () => {
    const emu = await emulator('public-no-invites');
    const made = await call(emu, 'POST', '/chatgroups', { body: create });
    expect(await settingsOf(emu, made.json.data.groupid)).toBe(false);
    const modified = await call(emu, 'PUT', '/chatgroups/100', { body: { allowinvites: true } });
    expect(modified.json.data).toEqual({ allowinvites: true });
    expect(await settingsOf(emu, '100')).toBe(false);
    // A private group keeps it: the dialect is about public groups only.
    await call(emu, 'PUT', '/chatgroups/200', { body: { allowinvites: true } });
    expect(await settingsOf(emu, '200')).toBe(true);
  });

  it('public-create-no-invites: create drops it, a later modify keeps it', async () => {
    const emu = await emulator('public-create-no-invites');
    const made = await call(emu, 'POST', '/chatgroups', { body: create });
    const id = made.json.data.groupid as string;
    expect(await settingsOf(emu, id)).toBe(false);
    await call(emu, 'PUT', `/chatgroups/${id}`, { body: { allowinvites: true } });
    expect(await settingsOf(emu, id)).toBe(true);
  });
});

describe('the block-list read', () => {
  const blockAll = async (emu: RunningEmulator) => {
    const members = Array.from({ length: 12 }, (_, i) => `u${String(i).padStart(2, '0')}`);
    await call(emu, 'POST', '/users', { body: members.map((username) => ({ username, password: 'p' })) });
    await call(emu, 'POST', '/chatgroups/200/users', { body: { usernames: members } });
    const blocked = await call(emu, 'POST', '/chatgroups/200/blocks/users', { body: { usernames: members } });
    expect(blocked.status).toBe(200);
    return members;
  };

  it('docs: every name in one answer, no cursor', async () => {
    const emu = await emulator('docs');
    const members = await blockAll(emu);
    const read = await call(emu, 'GET', '/chatgroups/200/blocks/users');
    expect([...read.json.data].sort()).toEqual(members);
    expect(read.json.cursor).toBeUndefined();
  });

  it('blocks-cursor: pages of pageSize (default 10) with a cursor to the next', async () => {
    const emu = await emulator('blocks-cursor');
    const members = await blockAll(emu);
    const first = await call(emu, 'GET', '/chatgroups/200/blocks/users');
    expect(first.json.data).toHaveLength(10);
    const second = await call(emu, 'GET', `/chatgroups/200/blocks/users?cursor=${first.json.cursor}`);
    expect(second.json.cursor).toBeUndefined();
    expect([...first.json.data, ...second.json.data].sort()).toEqual(members);
  });
});

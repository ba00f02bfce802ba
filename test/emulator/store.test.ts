import { describe, expect, it } from 'vitest';
import { GroupStore, StoreError, type StoreOptions } from '../../src/emulator/store.js';

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];

/** A store with the usual users and one group: alice owns, bob is admin, carol is a member. */
function setup(options: StoreOptions = {}) {
  const store = GroupStore.fromData({ users: USERS, groups: [] }, options);
  const id = store.createGroup({ owner: 'alice', public: true, members: ['bob', 'carol'] });
  store.addAdmin(id, 'bob');
  return { store, id };
}

function refusal(run: () => unknown): { status: number; error: string; description: string } {
  try {
    run();
  } catch (err) {
    if (err instanceof StoreError) return { status: err.status, error: err.error, description: err.description };
    throw err;
  }
  throw new Error('expected the store to refuse');
}

describe('store refusals', () => {
  const cases: Array<[string, (s: GroupStore, id: string) => unknown, number, string, string | RegExp]> = [
    ['create without owner', (s) => s.createGroup({ public: true }), 400, 'invalid_parameter', 'owner must be provided'],
    ['create without public', (s) => s.createGroup({ owner: 'alice' }), 400, 'invalid_parameter', 'group must contain public field!'],
    ['create with a long name', (s) => s.createGroup({ owner: 'alice', public: true, groupname: 'x'.repeat(129) }), 400, 'invalid_parameter', 'groupname length is too big'],
    ['create with a long description', (s) => s.createGroup({ owner: 'alice', public: true, description: 'x'.repeat(513) }), 400, 'invalid_parameter', 'description length is too big'],
    ['create with a long avatar', (s) => s.createGroup({ owner: 'alice', public: true, avatar: 'x'.repeat(1025) }), 400, 'invalid_parameter', 'avatar length is too big'],
    ['create with a custom over 8 KB (the Easemob base 1024 is checked per call)', (s) => s.createGroup({ owner: 'alice', public: true, custom: 'x'.repeat(8193) }), 400, 'invalid_parameter', 'custom length is too big'],
    ['create with an unknown member', (s) => s.createGroup({ owner: 'alice', public: true, members: ['zed'] }), 404, 'resource_not_found', "username zed doesn't exist!"],
    ['create with an unknown owner', (s) => s.createGroup({ owner: 'zed', public: true }), 404, 'resource_not_found', "username zed doesn't exist!"],
    ['create over maxusers (owner counted)', (s) => s.createGroup({ owner: 'alice', public: true, maxusers: 2, members: ['bob', 'carol'] }), 403, 'exceed_limit', 'members size is greater than max user size !'],
    ['modify a missing group', (s) => s.modifyGroup('1', { groupname: 'x' }), 404, 'resource_not_found', 'grpID 1 does not exist!'],
    ['modify an unknown field', (s, id) => s.modifyGroup(id, { groupid: 'x' }), 400, 'invalid_parameter', 'some of [groupid] are not valid fields'],
    ['modify with a long name', (s, id) => s.modifyGroup(id, { groupname: 'x'.repeat(129) }), 400, 'invalid_parameter', 'groupname length is too big'],
    ['transfer to a non-member', (s, id) => s.transferOwner(id, 'dave'), 403, 'forbidden_op', `user: dave doesn't exist in group: ${'ID'}`],
    ['transfer to the owner', (s, id) => s.transferOwner(id, 'alice'), 403, 'forbidden_op', 'new owner and old owner are the same'],
    ['transfer to an unknown user', (s, id) => s.transferOwner(id, 'zed'), 404, 'resource_not_found', "username zed doesn't exist!"],
    ['add a member twice', (s, id) => s.addMember(id, 'carol'), 403, 'forbidden_op', 'can not join this group, reason:user: carol already in group: ID'],
    ['add the owner as member', (s, id) => s.addMember(id, 'alice'), 403, 'forbidden_op', 'can not join this group, reason:user: alice already in group: ID'],
    ['add an unknown member', (s, id) => s.addMember(id, 'zed'), 404, 'resource_not_found', "username zed doesn't exist!"],
    ['add 61 members in one call', (s, id) => s.addMembers(id, Array.from({ length: 61 }, () => 'dave')), 403, 'exceed_limit', 'members size is greater than max user size !'],
    ['remove many with the owner among them', (s, id) => s.removeMembers(id, ['carol', 'Alice']), 403, 'forbidden_op', 'forbidden operation on group owner!'],
    ['add many with one unknown', (s, id) => s.addMembers(id, ['dave', 'zed']), 404, 'resource_not_found', "username zed doesn't exist!"],
    ['remove the owner', (s, id) => s.removeMember(id, 'alice'), 403, 'forbidden_op', 'forbidden operation on group owner!'],
    ['remove a non-member', (s, id) => s.removeMember(id, 'dave'), 403, 'forbidden_op', "user: dave doesn't exist in group: ID"],
    ['remove 61 members in one call', (s, id) => s.removeMembers(id, Array.from({ length: 61 }, () => 'dave')), 400, 'invalid_parameter', 'kickMember: kickMembers number more than maxSize : 60'],
    ['make a non-member admin', (s, id) => s.addAdmin(id, 'dave'), 404, 'resource_not_found', "user: dave doesn't exist in group: ID"],
    ['make the owner admin', (s, id) => s.addAdmin(id, 'alice'), 403, 'forbidden_op', /owner/],
    ['make an admin admin again', (s, id) => s.addAdmin(id, 'bob'), 403, 'forbidden_op', 'user: bob is already admin of group: ID'],
    ['remove admin from a non-admin', (s, id) => s.removeAdmin(id, 'carol'), 403, 'forbidden_op', 'user:carol is not admin of group:ID'],
    ['list members of a missing group', (s) => s.listMembers('42', 1, 10), 404, 'service_resource_not_found', 'do not find this group:42'],
    ['details of 101 ids', (s) => s.getGroups(Array.from({ length: 101 }, (_, i) => String(i))), 400, 'invalid_parameter', /100/],
    ['register an existing user', (s) => s.registerUsers([{ username: 'Alice' }]), 400, 'duplicate_unique_property_exists', 'Entity user requires that property named username be unique, value of alice exists'],
    ['register a bad user id', (s) => s.registerUsers([{ username: 'no spaces' }]), 400, 'illegal_argument', /no spaces/],
    ['register a 65-character id', (s) => s.registerUsers([{ username: 'a'.repeat(65) }]), 400, 'illegal_argument', /a{65}/],
    ['groups of an unknown user', (s) => s.userGroups('zed', 0, 5), 404, 'resource_not_found', "username zed doesn't exist!"],
    ['dismiss a missing group', (s) => s.dismiss('7'), 404, 'resource_not_found', 'grpID 7 does not exist!'],
  ];
  it.each(cases)('%s', (_name, run, status, error, description) => {
    const { store, id } = setup();
    const got = refusal(() => run(store, id));
    expect({ status: got.status, error: got.error }).toEqual({ status, error });
    if (typeof description === 'string') expect(got.description).toBe(description.replace(/\bID\b/, id));
    else expect(got.description).toMatch(description);
  });
});

describe('a disabled group cannot be managed', () => {
  const changes: Array<[string, (s: GroupStore, id: string) => unknown]> = [
    ['modify', (s, id) => s.modifyGroup(id, { groupname: 'x' })],
    ['transfer', (s, id) => s.transferOwner(id, 'carol')],
    ['add member', (s, id) => s.addMember(id, 'dave')],
    ['add members', (s, id) => s.addMembers(id, ['dave'])],
    ['remove member', (s, id) => s.removeMember(id, 'carol')],
    ['remove members', (s, id) => s.removeMembers(id, ['carol'])],
    ['add admin', (s, id) => s.addAdmin(id, 'carol')],
    ['remove admin', (s, id) => s.removeAdmin(id, 'bob')],
  ];
  it.each(changes)('%s is refused with 403 forbidden_op', (_name, run) => {
    const { store, id } = setup();
    store.disable(id);
    const before = store.getGroup(id);
    expect(refusal(() => run(store, id))).toEqual({ status: 403, error: 'forbidden_op', description: `group ${id} is disabled` });
    expect(store.getGroup(id)).toEqual(before);
  });

  it('still reads, enables and dismisses', () => {
    const { store, id } = setup();
    store.disable(id);
    expect(store.getGroup(id)?.disabled).toBe(true);
    expect(store.listAdmins(id)).toEqual(['bob']);
    expect(store.isJoined(id, 'carol')).toBe(true);
    store.enable(id);
    store.addMember(id, 'dave');
    store.disable(id);
    store.dismiss(id);
    expect(store.getGroup(id)).toBeUndefined();
  });
});

describe('create', () => {
  it('fills the documented defaults', () => {
    const store = GroupStore.fromData({ users: USERS, groups: [] }, { now: () => 1000 });
    const id = store.createGroup({ owner: 'Alice', public: false, members: ['bob', 'alice', 'bob'] });
    expect(id).toMatch(/^228\d{12}$/);
    expect(store.getGroup(id)).toEqual({
      id, groupname: '', description: '', avatar: '', public: false, maxusers: 200, allowinvites: false,
      membersonly: false, invite_need_confirm: true, custom: '', owner: 'alice', admins: [], members: ['bob'],
      disabled: false, mute: false, announcement: '', allow: [], blocks: [], created: 1000, lastModified: 1000,
    });
  });

  it('gives increasing ids that are never reused, even across a snapshot', () => {
    const store = GroupStore.fromData({ users: USERS, groups: [] });
    const a = store.createGroup({ owner: 'alice', public: true });
    const b = store.createGroup({ owner: 'alice', public: true });
    store.dismiss(b);
    const reloaded = GroupStore.fromData(store.toData());
    const c = reloaded.createGroup({ owner: 'alice', public: true });
    expect(BigInt(b) > BigInt(a)).toBe(true);
    expect(BigInt(c) > BigInt(b)).toBe(true);
  });

  it('accepts exactly maxusers people, owner included', () => {
    const store = GroupStore.fromData({ users: USERS, groups: [] });
    const id = store.createGroup({ owner: 'alice', public: true, maxusers: 3, members: ['bob', 'carol'] });
    expect(refusal(() => store.addMember(id, 'dave')).error).toBe('exceed_limit');
  });
});

describe('modify', () => {
  it('answers true per given field and changes them', () => {
    const { store, id } = setup();
    expect(store.modifyGroup(id, { groupname: 'Eng', public: false, custom: 'k=v' })).toEqual({ groupname: true, public: true, custom: true });
    expect(store.getGroup(id)).toMatchObject({ groupname: 'Eng', public: false, custom: 'k=v' });
  });

  it('answers false for maxusers below the head count and keeps the old value', () => {
    const { store, id } = setup();
    expect(store.modifyGroup(id, { maxusers: 2, description: 'd' })).toEqual({ maxusers: false, description: true });
    expect(store.getGroup(id)).toMatchObject({ maxusers: 200, description: 'd' });
    expect(store.modifyGroup(id, { maxusers: 3 })).toEqual({ maxusers: true });
  });
});

describe('transfer', () => {
  it('keeps the old owner as a plain member', () => {
    const { store, id } = setup();
    store.transferOwner(id, 'carol');
    const group = store.getGroup(id)!;
    expect(group.owner).toBe('carol');
    expect(group.members).toEqual(['bob', 'alice']);
    expect(group.admins).toEqual(['bob']);
  });

  it.each([
    [false, [] as string[]],
    [true, ['bob']],
  ])('to an admin with transferKeepsAdmin=%s leaves admins %j', (keeps, admins) => {
    const { store, id } = setup({ transferKeepsAdmin: keeps });
    store.transferOwner(id, 'bob');
    expect(store.getGroup(id)!.owner).toBe('bob');
    expect(store.listAdmins(id)).toEqual(admins);
    expect(store.getGroup(id)!.members).toEqual(['carol', 'alice']);
  });
});

describe('members', () => {
  it('add many skips people already in and reports only the new ones', () => {
    const { store, id } = setup();
    expect(store.addMembers(id, ['carol', 'dave', 'alice', 'DAVE', 'erin'])).toEqual(['dave', 'erin']);
    expect(store.getGroup(id)!.members).toEqual(['bob', 'carol', 'dave', 'erin']);
  });

  it('add many fails as a whole when it would pass maxusers', () => {
    const store = GroupStore.fromData({ users: USERS, groups: [] });
    const id = store.createGroup({ owner: 'alice', public: true, maxusers: 3 });
    expect(refusal(() => store.addMembers(id, ['bob', 'carol', 'dave'])).error).toBe('exceed_limit');
    expect(store.getGroup(id)!.members).toEqual([]);
    expect(store.addMembers(id, ['bob', 'carol'])).toEqual(['bob', 'carol']);
  });

  it('remove many answers per name and drops the admin role', () => {
    const { store, id } = setup();
    expect(store.removeMembers(id, ['bob', 'dave', 'zed'])).toEqual([
      { user: 'bob', result: true },
      { user: 'dave', result: false, reason: `user: dave doesn't exist in group: ${id}` },
      { user: 'zed', result: false, reason: `user: zed doesn't exist in group: ${id}` },
    ]);
    expect(store.listAdmins(id)).toEqual([]);
    expect(store.isJoined(id, 'bob')).toBe(false);
  });

  it('lists owner, then admins, then members, paged from 1', () => {
    const { store, id } = setup();
    store.addMembers(id, ['dave', 'erin']);
    expect(store.listMembers(id, 1, 1000).entries).toEqual([
      { owner: 'alice' }, { admin: 'bob' }, { member: 'carol' }, { member: 'dave' }, { member: 'erin' },
    ]);
    expect(store.listMembers(id, 2, 2)).toEqual({ entries: [{ member: 'carol' }, { member: 'dave' }], count: 2 });
    expect(store.listMembers(id, 4, 2)).toEqual({ entries: [], count: 0 });
  });
});

describe('admins', () => {
  it('allows 99 admins and refuses the 100th (owner + admins <= 100)', () => {
    const users = Array.from({ length: 101 }, (_, i) => `u${i}`);
    const store = GroupStore.fromData({ users, groups: [] });
    const id = store.createGroup({ owner: 'u0', public: true, maxusers: 200 });
    for (let i = 1; i <= 100; i += 50) store.addMembers(id, users.slice(i, i + 50));
    for (let i = 1; i <= 99; i++) store.addAdmin(id, `u${i}`);
    expect(store.listAdmins(id)).toHaveLength(99);
    expect(refusal(() => store.addAdmin(id, 'u100'))).toMatchObject({ status: 403, error: 'exceed_limit' });
  });
});

describe('list groups', () => {
  it('pages newest first over many groups with an opaque cursor and no cursor on the last page', () => {
    let clock = 0;
    const store = GroupStore.fromData({ users: USERS, groups: [] }, { now: () => Math.floor(clock++ / 3) });
    const ids = Array.from({ length: 2500 }, () => store.createGroup({ owner: 'alice', public: true }));
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = store.listGroups(1000, cursor);
      seen.push(...page.groups.map((g) => g.id));
      cursor = page.cursor;
      pages++;
    } while (cursor !== undefined);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
  });

  it('clamps the limit to 1..1000', () => {
    const store = GroupStore.fromData({ users: USERS, groups: [] });
    for (let i = 0; i < 3; i++) store.createGroup({ owner: 'alice', public: true });
    expect(store.listGroups(0).groups).toHaveLength(1);
    expect(store.listGroups(5000).groups).toHaveLength(3);
  });

  it('survives a dismissal between pages', () => {
    const store = GroupStore.fromData({ users: USERS, groups: [] });
    const ids = Array.from({ length: 5 }, () => store.createGroup({ owner: 'alice', public: true }));
    const first = store.listGroups(2);
    store.dismiss(ids[2]!);
    const second = store.listGroups(2, first.cursor);
    expect(second.groups.map((g) => g.id)).toEqual([ids[1], ids[0]]);
    expect(second.cursor).toBeUndefined();
  });

  it('orders seeded groups by created time, newest first, whatever the seed order', () => {
    const store = GroupStore.fromData({
      users: ['alice'],
      groups: [
        { id: '2', owner: 'alice', created: 20 },
        { id: '3', owner: 'alice', created: 10 },
        { id: '1', owner: 'alice', created: 20 },
      ],
    });
    expect(store.listGroups(10).groups.map((g) => g.id)).toEqual(['2', '1', '3']);
  });
});

describe('user groups and details', () => {
  it('pages a user groups from 0 with the total', () => {
    const store = GroupStore.fromData({ users: USERS, groups: [] });
    const ids = Array.from({ length: 7 }, (_, i) =>
      store.createGroup({ owner: i % 2 ? 'alice' : 'bob', public: true, members: i % 2 ? ['carol'] : ['carol', 'alice'] }),
    );
    const page1 = store.userGroups('alice', 1, 5);
    expect(page1.total).toBe(7);
    expect(page1.groups.map((g) => g.id)).toEqual(ids.slice(5));
    expect(store.userGroups('dave', 0, 5)).toEqual({ groups: [], total: 0 });
  });

  it('marks missing ids in a details batch', () => {
    const { store, id } = setup();
    expect(store.getGroups([id, '999']).map((g) => ('missing' in g ? g : g.id))).toEqual([id, { id: '999', missing: true }]);
  });
});

describe('snapshot round trip', () => {
  it('reloads to the same groups, users and list order', () => {
    const { store, id } = setup();
    store.disable(id);
    const other = store.createGroup({ owner: 'bob', public: false, groupname: 'x', members: ['dave'] });
    const reloaded = GroupStore.fromData(JSON.parse(JSON.stringify(store.toData())));
    expect(reloaded.getGroup(id)).toEqual(store.getGroup(id));
    expect(reloaded.getGroup(other)).toEqual(store.getGroup(other));
    expect(reloaded.listGroups(10)).toEqual(store.listGroups(10));
    expect(USERS.every((u) => reloaded.hasUser(u.toUpperCase()))).toBe(true);
  });
});

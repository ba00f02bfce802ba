import { describe, expect, it } from 'vitest';
import { readDetailsBatch, readRemovalResults, readListedGroup, readNumber } from '../../src/api/normalise.js';
import { bareUser, readAffiliations, readUser } from '../../src/api/read-users.js';
import type { GroupDetails } from '../../src/api/wire.js';

const key = { org: 'org1', app: 'app_one' };

describe('bareUser', () => {
  it.each([
    ['the known prefix', 'org1#app_one_alice', key, 'alice'],
    ['the known prefix, with an underscore in the user', 'org1#app_one_al_ice', key, 'al_ice'],
    ['an unknown prefix: through the first _ after #', 'XXXX#testapp_user1', {}, 'user1'],
    ['an unknown prefix keeps underscores of the user', 'o#a_user_2', {}, 'user_2'],
    ['a bare name', 'alice', key, 'alice'],
    ['a bare name with underscores', 'a_b', {}, 'a_b'],
    ['another app key than ours: the generic rule', 'other#x_bob', key, 'bob'],
  ])('strips %s', (_label, name, k, expected) => {
    expect(bareUser(name, k)).toBe(expected);
  });
});

describe('readUser', () => {
  it.each([
    ['a plain name as it is', 'u0052744', {}, 'u0052744'],
    ['capitals lowered', 'Alice_B', {}, 'alice_b'],
    ['a capital last', 'alicE', {}, 'alice'],
    ['the known prefix stripped, then lowered', 'org1#app_one_Bob', key, 'bob'],
    ['an unknown prefix stripped', 'o#a_carol', {}, 'carol'],
    ['letters past ASCII lowered', 'ÉMILE', {}, 'émile'],
    ['punctuation kept', 'a.b-c@d', {}, 'a.b-c@d'],
  ])('reads %s', (_label, name, k, expected) => {
    expect(readUser(name, k)).toBe(expected);
  });
});

describe('readNumber', () => {
  it.each([
    [1441021038124, 1441021038124],
    ['1441021038124', 1441021038124],
    ['x', undefined],
    [undefined, undefined],
  ])('%s -> %s', (value, expected) => {
    expect(readNumber(value)).toBe(expected);
  });
});

describe('readAffiliations', () => {
  it('reads one-key role objects in any order', () => {
    expect(readAffiliations([{ member: 'dave' }, { owner: 'alice' }, { admin: 'bob' }, { member: 'carol' }])).toEqual({
      owner: 'alice',
      admins: ['bob'],
      members: ['bob', 'carol', 'dave'],
      adminsShown: true,
      listed: 4,
    });
  });

  it('says when no admin entries were shown (older servers)', () => {
    expect(readAffiliations([{ owner: 'a' }, { member: 'b' }])).toMatchObject({ admins: [], adminsShown: false });
  });

  it('ignores junk and strips prefixes', () => {
    expect(readAffiliations([null, 'x', { owner: 'org1#app_one_a' }, { member: 'org1#app_one_b' }, {}], key)).toMatchObject({
      owner: 'a',
      members: ['b'],
    });
  });
});

function details(id: string, extra: Partial<GroupDetails> = {}): GroupDetails {
  return {
    id,
    name: `group ${id}`,
    description: 'd',
    membersonly: true,
    allowinvites: false,
    maxusers: 2000,
    owner: 'alice',
    created: 1682588716646,
    custom: '',
    mute: false,
    affiliations_count: 3,
    disabled: false,
    affiliations: [{ member: 'bob' }, { owner: 'alice' }, { member: 'carol' }],
    public: false,
    ...extra,
  };
}

describe('readDetailsBatch', () => {
  it('normalises a group as the doc example shows it', () => {
    const map = readDetailsBatch(['1'], [details('1')]);
    expect(map.get('1')).toEqual({
      id: '1',
      settings: { name: 'group 1', description: 'd', members_only: true, allow_invites: false, max_users: 2000, custom: '', public: false },
      disabled: false,
      muteAll: false,
      owner: 'alice',
      members: ['bob', 'carol'],
      membersComplete: true,
      memberCount: 3,
      announcedMembers: 3,
      created: 1682588716646,
    });
  });

  it('keeps only the names options.names gives for a group (by the owner it names), marked partial, its count the server\'s', () => {
    const asked: string[] = [];
    const names = (id: string, owner: string) => (asked.push(`${id}:${owner}`), id === '1' ? new Set(['carol', 'dave']) : undefined);
    const list = [{ member: 'Dave' }, { owner: 'alice' }, { member: 'carol' }, { admin: 'bob' }, { member: 'erin' }, { member: 'carol' }];
    const map = readDetailsBatch(['1', '2'], [details('1', { affiliations: list, affiliations_count: 5 }), details('2', { affiliations: list, affiliations_count: 5 })], {}, { names });
    expect(asked).toEqual(['1:alice', '2:alice']);
    expect(map.get('1')).toMatchObject({ members: ['carol', 'dave'], admins: ['bob'], membersComplete: false, memberCount: 5 });
    expect(map.get('2')).toMatchObject({ members: ['bob', 'carol', 'dave', 'erin'], admins: ['bob'], membersComplete: true, memberCount: 5 });
  });

  it('reads every name when the answer gives no member count, whatever options.names says', () => {
    const map = readDetailsBatch(['1'], [details('1', { affiliations_count: undefined })], {}, { names: () => new Set<string>() });
    expect(map.get('1')).toMatchObject({ members: ['bob', 'carol'], membersComplete: true, memberCount: 3 });
  });

  it.each([
    ['an entry with an error field', { id: '2', error: "group id doesn't exist" }],
    ['an entry with only an error', { error: 'group id doesn\'t exist' }],
    ['a bare string', "group id doesn't exist"],
  ])('maps a missing id given as %s to null', (_label, entry) => {
    const map = readDetailsBatch(['1', '2'], [details('1'), entry as never]);
    expect(map.get('1')?.owner).toBe('alice');
    expect(map.get('2')).toBeNull();
  });

  it('maps an id the answer leaves out to null', () => {
    const map = readDetailsBatch(['1', '2', '3'], [details('3')]);
    expect([...map.entries()].map(([id, g]) => [id, g?.id ?? null])).toEqual([
      ['1', null],
      ['2', null],
      ['3', '3'],
    ]);
  });

  it('reads string timestamps, string flags and admin roles', () => {
    const g = readDetailsBatch(['1'], [details('1', { created: '1700000000000' as never, disabled: 'true' as never, affiliations: [{ owner: 'alice' }, { admin: 'bob' }, { member: 'carol' }] })]).get('1')!;
    expect(g).toMatchObject({ created: 1700000000000, disabled: true, admins: ['bob'], members: ['bob', 'carol'] });
  });

  it('marks a truncated member list as incomplete', () => {
    const g = readDetailsBatch(['1'], [details('1', { affiliations_count: 12_000 })]).get('1')!;
    expect(g).toMatchObject({ membersComplete: false, memberCount: 12_000 });
  });

  it('takes the owner from affiliations when the owner field is missing', () => {
    const { owner: _omit, ...rest } = details('1');
    expect(readDetailsBatch(['1'], [rest as GroupDetails]).get('1')?.owner).toBe('alice');
  });

  it('maps an entry that names no owner to null (one reading of a missing id)', () => {
    expect(readDetailsBatch(['1', '2'], [{ id: '1', name: 'x' }, details('2')]).get('1')).toBeNull();
  });

  it.each([
    ['no data at all', undefined, /no list of groups/],
    ['data that is an object', {}, /no list of groups/],
    ['a row for an id not asked for', [details('1'), details('9')], /group 9, which was not asked for/],
    ['two rows for one id', [details('1'), details('1')], /two rows for group 1/],
    ['an id that lost digits as a JSON number', [{ ...details('1'), id: 2 ** 53 + 2 }], /is not a group id/],
    ['an id that is not an id', [{ ...details('1'), id: '../1' }], /is not a group id/],
  ])('refuses %s', (_label, data, message) => {
    expect(() => readDetailsBatch(['1', '2'], data)).toThrow(message);
  });

  it('reads an exact numeric id as its digits', () => {
    expect(readDetailsBatch(['228000000000001'], [{ ...details('1'), id: 228000000000001 as never }]).get('228000000000001')?.owner).toBe('alice');
  });

  it('lowercases every user it reads', () => {
    const g = readDetailsBatch(['1'], [details('1', { owner: 'Alice', affiliations: [{ owner: 'Alice' }, { member: 'BOB' }, { member: 'bob' }] })]).get('1')!;
    expect(g).toMatchObject({ owner: 'alice', members: ['bob'] });
  });
});

describe('readListedGroup', () => {
  it('strips the app key from the owner', () => {
    expect(readListedGroup({ owner: 'XXXX#testapp_user1', groupid: '10', affiliations: 2, type: 'group', lastModified: '1441021038124', groupname: 'g' })).toEqual({
      id: '10',
      name: 'g',
      owner: 'user1',
    });
  });
});

describe('readRemovalResults', () => {
  it('gives one result per name, in order, with partial success', () => {
    expect(
      readRemovalResults(['a', 'b', 'c'], [
        { result: true, user: 'b' },
        { result: false, reason: 'user a doesn\'t exist in group', user: 'a' },
      ]),
    ).toEqual([
      { user: 'a', ok: false, reason: "user a doesn't exist in group" },
      { user: 'b', ok: true },
      { user: 'c', ok: false, reason: 'the server gave no result for this user' },
    ]);
  });
});

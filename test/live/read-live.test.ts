import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/errors.js';
import { readLive } from '../../src/live/read-live.js';
import { LiveReadError } from '../../src/live/live-read-error.js';
import type { GroupService } from '../../src/api/service.js';
import { FakeGroupService, manyGroups, type FakeOptions } from './fake-group-service.js';

const opts = { groupsAtOnce: 4 };

describe('readLive: number of calls', () => {
  const cases: Array<{
    name: string;
    groups: number;
    ids: number;
    fake?: FakeOptions;
    expected: { getGroups: number; getAdmins: number; getMembers: number };
  }> = [
    { name: '250 groups: 3 detail calls and one admin list each', groups: 250, ids: 250, expected: { getGroups: 3, getAdmins: 250, getMembers: 0 } },
    { name: 'admins named by the details call: no admin list', groups: 250, ids: 250, fake: { detailsShowAdmins: true }, expected: { getGroups: 3, getAdmins: 0, getMembers: 0 } },
    { name: 'missing groups: no follow-up calls', groups: 0, ids: 150, expected: { getGroups: 2, getAdmins: 0, getMembers: 0 } },
    { name: 'truncated details: member list, then the admin list', groups: 3, ids: 3, fake: { detailsMemberCap: 1 }, expected: { getGroups: 1, getAdmins: 3, getMembers: 3 } },
    { name: 'truncated details, member list names admins: no admin list', groups: 3, ids: 3, fake: { detailsMemberCap: 1, memberListShowsAdmins: true }, expected: { getGroups: 1, getAdmins: 0, getMembers: 3 } },
    { name: 'truncated details that named admins: member list only', groups: 3, ids: 3, fake: { detailsMemberCap: 1, detailsShowAdmins: true }, expected: { getGroups: 1, getAdmins: 0, getMembers: 3 } },
  ];
  it.each(cases)('$name', async ({ groups, ids, fake, expected }) => {
    const service = new FakeGroupService(manyGroups(groups), fake);
    const wanted = Array.from({ length: ids }, (_, i) => `g${i + 1}`);
    const live = await readLive(service.asService(), wanted, opts);
    expect(service.calls).toEqual(expected);
    expect(live.size).toBe(ids);
  });

  it('sends details in batches of at most 100 ids', async () => {
    const service = new FakeGroupService(manyGroups(250));
    await readLive(service.asService(), manyGroups(250).map((g) => g.id), opts);
    expect([...service.batchSizes].sort((a, b) => b - a)).toEqual([100, 100, 50]);
  });

  it('asks for a repeated id once and keeps the order of first mention', async () => {
    const service = new FakeGroupService(manyGroups(3));
    const live = await readLive(service.asService(), ['g3', 'g1', 'g3', 'g2', 'g1'], opts);
    expect([...live.keys()]).toEqual(['g3', 'g1', 'g2']);
    expect(service.batchSizes).toEqual([3]);
    expect(service.calls.getAdmins).toBe(3);
  });

  it('keeps at most `groupsAtOnce` groups (one call each here) in flight', async () => {
    const service = new FakeGroupService(manyGroups(300));
    await readLive(service.asService(), manyGroups(300).map((g) => g.id), { groupsAtOnce: 3 });
    expect(service.maxInFlight).toBeLessThanOrEqual(3);
    expect(service.maxInFlight).toBeGreaterThan(1);
  });

  it('keeps only `callsAtOnce` going when it is given, asked again as each call ends, and never more than groupsAtOnce', async () => {
    const ids = manyGroups(300).map((g) => g.id);
    const inFlightWith = async (groupsAtOnce: number, callsAtOnce: () => number): Promise<number> => {
      const service = new FakeGroupService(manyGroups(300));
      await readLive(service.asService(), ids, { groupsAtOnce, callsAtOnce });
      return service.maxInFlight;
    };
    expect(await inFlightWith(50, () => 2)).toBe(2);
    // The transport's `auto` sizing: 2 at first, then 5 once a few calls have come back.
    let asked = 0;
    expect(await inFlightWith(50, () => (++asked > 20 ? 5 : 2))).toBe(5);
    expect(await inFlightWith(3, () => 40)).toBe(3);
  });

  it.each([
    { name: 'details only: no admin list, no member list', reads: { admins: false, members: false }, fake: { detailsMemberCap: 1 }, expected: { getGroups: 1, getAdmins: 0, getMembers: 0 } },
    { name: 'admins only: the admin list, no member list', reads: { admins: true, members: false }, fake: { detailsMemberCap: 1 }, expected: { getGroups: 1, getAdmins: 3, getMembers: 0 } },
    { name: 'members only, list names no admins: the member list alone', reads: { admins: false, members: true }, fake: { detailsMemberCap: 1 }, expected: { getGroups: 1, getAdmins: 0, getMembers: 3 } },
  ])('reads only what `reads` asks for: $name', async ({ reads, fake, expected }) => {
    const service = new FakeGroupService(manyGroups(3), fake);
    const seen: string[] = [];
    const live = await readLive(service.asService(), ['g1', 'g2', 'g3'], {
      ...opts,
      reads: (id, snapshot) => {
        seen.push(`${id}:${snapshot.owner}`);
        return reads;
      },
    });
    expect(service.calls).toEqual(expected);
    expect(seen.sort()).toEqual(['g1:o', 'g2:o', 'g3:o']);
    const g1 = live.get('g1')!;
    expect(g1.admins).toEqual(reads.admins ? ['a'] : undefined);
    // A partial member list carries the server's count beside it.
    expect(g1.memberCount).toBe(reads.members ? undefined : 3);
    expect(g1.members).toEqual(reads.members ? ['a', 'm'] : ['a']);
  });

  it('makes no call for no ids', async () => {
    const service = new FakeGroupService([]);
    expect((await readLive(service.asService(), [], opts)).size).toBe(0);
    expect(service.calls).toEqual({ getGroups: 0, getAdmins: 0, getMembers: 0 });
  });
});

describe('readLive: the groups it builds', () => {
  it('maps a missing group to null', async () => {
    const service = new FakeGroupService(manyGroups(1));
    const live = await readLive(service.asService(), ['g1', 'gone'], opts);
    expect(live.get('gone')).toBeNull();
    expect(live.get('g1')).not.toBeNull();
  });

  it('sorts admins and members, keeps the owner out of both, and counts admins as members', async () => {
    const service = new FakeGroupService([
      { id: 'g', owner: 'olga', admins: ['zoe', 'olga', 'bea'], members: ['olga', 'max', 'bea', 'amy'], settings: { name: 'G', max_users: 500 }, disabled: true },
    ]);
    const live = await readLive(service.asService(), ['g'], opts);
    expect(live.get('g')).toEqual({
      id: 'g',
      settings: { name: 'G', max_users: 500 },
      disabled: true,
      owner: 'olga',
      admins: ['bea', 'zoe'],
      members: ['amy', 'bea', 'max', 'zoe'],
      created: 1_700_000_000_000,
    });
  });

  it.each([
    { name: 'member list without roles', fake: { detailsMemberCap: 2 } },
    { name: 'member list with roles', fake: { detailsMemberCap: 2, memberListShowsAdmins: true } },
  ])('fills a truncated member list from the $name', async ({ fake }) => {
    const members = Array.from({ length: 5 }, (_, i) => `u${i}`);
    const service = new FakeGroupService([{ id: 'big', owner: 'o', admins: ['u3'], members }], fake);
    const group = (await readLive(service.asService(), ['big'], opts)).get('big');
    expect(group?.members).toEqual(members);
    expect(group?.admins).toEqual(['u3']);
  });

  it('reports progress once per group up to the total', async () => {
    const service = new FakeGroupService(manyGroups(120));
    const seen: Array<[number, number]> = [];
    const ids = [...manyGroups(120).map((g) => g.id), 'gone'];
    await readLive(service.asService(), ids, { groupsAtOnce: 2, onProgress: (done, total) => seen.push([done, total]) });
    expect(seen).toEqual(Array.from({ length: 121 }, (_, i) => [i + 1, 121]));
  });
});

describe('readLive: failures', () => {
  it('throws one error naming every group that failed, with the API message and the causes', async () => {
    const service = new FakeGroupService(manyGroups(5), { failAdmins: ['g2', 'g4'] });
    const error = await readLive(service.asService(), ['g1', 'g2', 'g3', 'g4', 'g5'], opts).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LiveReadError);
    const failure = error as LiveReadError;
    expect(failure.ids).toEqual(['g2', 'g4']);
    expect(failure.message).toBe(
      'could not read 2 live groups:\n' +
        '  group g2: GET /chatgroups/g2/admin: 500 internal_error: admin list broke for g2\n' +
        '  group g4: GET /chatgroups/g4/admin: 500 internal_error: admin list broke for g4',
    );
    expect(failure.cause).toBeInstanceOf(AggregateError);
    const causes = (failure.cause as AggregateError).errors;
    expect(causes).toHaveLength(2);
    expect(causes.every((c) => c instanceof ApiError)).toBe(true);
  });

  it('names every id of a details batch that failed, once per message', async () => {
    const service = new FakeGroupService(manyGroups(3), { failDetails: ['g2'] });
    const error = (await readLive(service.asService(), ['g1', 'g2', 'g3'], opts).catch((e: unknown) => e)) as LiveReadError;
    expect(error.ids).toEqual(['g1', 'g2', 'g3']);
    expect(error.message).toBe(
      'could not read 3 live groups:\n  groups g1, g2, g3: GET /chatgroups/g1,g2,g3: 503 service_unavailable: try later',
    );
    expect(error.cause).toBeInstanceOf(ApiError);
  });

  it('still reads the other batches before it throws', async () => {
    const service = new FakeGroupService(manyGroups(150), { failDetails: ['g1'] });
    const error = (await readLive(service.asService(), manyGroups(150).map((g) => g.id), opts).catch((e: unknown) => e)) as LiveReadError;
    expect(error.ids).toHaveLength(100);
    expect(service.calls.getAdmins).toBe(50);
  });
});

describe('readLive: keepNames', () => {
  const groups = [
    { id: 'g1', owner: 'o', members: ['bob', 'carol', 'dave', 'erin'] },
    { id: 'g2', owner: 'o', members: ['bob', 'carol', 'dave', 'erin'] },
  ];
  const reads = (id: string) => (id === 'g1' ? { admins: false, members: false } : { admins: true, members: true });

  it('a group read without its member list keeps only the named users, its member count standing for the rest', async () => {
    const service = new FakeGroupService(groups);
    const live = await readLive(service.asService(), ['g1', 'g2'], { ...opts, reads, keepNames: new Set(['carol', 'erin']) });
    expect(live.get('g1')).toMatchObject({ members: ['carol', 'erin'], memberCount: 5 });
    // A group whose membership the plan compares keeps every name, and no count beside them.
    expect(live.get('g2')!.members).toEqual(['bob', 'carol', 'dave', 'erin']);
    expect(live.get('g2')!.memberCount).toBeUndefined();
  });

  it('a group whose details the service was asked to keep names of is not looked up again', async () => {
    const keep = new Set(['carol', 'erin']);
    const lookedUp: string[] = [];
    const counting = { has: (user: string) => (lookedUp.push(user), keep.has(user)) } as unknown as ReadonlySet<string>;
    const fake = new FakeGroupService(groups).asService();
    const asking = Object.create(fake) as GroupService;
    asking.getGroups = async (ids, options) => {
      const snapshots = await fake.getGroups(ids);
      for (const [id, s] of snapshots) {
        const names = s && options?.names?.(id, s.owner);
        if (s && names) snapshots.set(id, { ...s, members: s.members.filter((user) => names.has(user)), membersComplete: false });
      }
      lookedUp.length = 0; // only the reader's own look-ups count
      return snapshots;
    };
    const live = await readLive(asking, ['g1'], { ...opts, reads, keepNames: counting, membersUnread: (id) => id === 'g1' });
    expect(live.get('g1')).toMatchObject({ members: ['carol', 'erin'], memberCount: 5 });
    expect(lookedUp).toEqual([]);
  });

  it('without keepNames every name is kept', async () => {
    const live = await readLive(new FakeGroupService(groups).asService(), ['g1'], { ...opts, reads });
    expect(live.get('g1')!.members).toEqual(['bob', 'carol', 'dave', 'erin']);
    expect(live.get('g1')!.memberCount).toBeUndefined();
  });
});

/**
 * Lazy reads (issue 11): which parts of a live group a plan needs, what a saved plan's
 * fingerprint covers, and how the planner treats groups read only in part.
 */
import { describe, expect, it } from 'vitest';
import { fingerprintCoverage, fingerprintGroup, withFingerprints } from '../../src/plan/fingerprint.js';
import { READ_ALL, READ_DETAILS, readsFor, readsForSteps } from '../../src/plan/reads.js';
import { brief, briefs, desired, live, plan } from './builders.js';

describe('readsFor: what the plan of one group needs read', () => {
  const cases = [
    { name: 'settings only: the details call alone', fields: { settings: { name: 'G' } }, liveOwner: 'alice', expected: READ_DETAILS },
    { name: 'admins managed: admins and every member', fields: { admins: ['bob'] }, liveOwner: 'alice', expected: READ_ALL },
    { name: 'members managed: admins and every member', fields: { members: ['bob'] }, liveOwner: 'alice', expected: READ_ALL },
    { name: 'an owner change: admins and every member', fields: { owner: 'bob' }, liveOwner: 'alice', expected: READ_ALL },
    { name: 'owner left out on a bound group: the details call alone', fields: { owner: undefined }, liveOwner: 'alice', expected: READ_DETAILS },
    { name: 'ensure: dismissed: the details call alone', fields: { admins: ['bob'], ensure: 'dismissed' as const }, liveOwner: 'alice', expected: READ_DETAILS },
    { name: 'allow_list: the allow list, with admins and every member', fields: { allowList: ['bob'] }, liveOwner: 'alice', expected: { ...READ_ALL, allowList: true } },
    { name: 'block_list: the block list, with admins and every member', fields: { blockList: [] }, liveOwner: 'alice', expected: { ...READ_ALL, blockList: true } },
    { name: 'ensure: dismissed with lists: the details call alone', fields: { allowList: ['bob'], ensure: 'dismissed' as const }, liveOwner: 'alice', expected: READ_DETAILS },
  ];
  it.each(cases)('$name', ({ fields, liveOwner, expected }) => {
    expect(readsFor(desired('g', fields), liveOwner)).toEqual(expected);
  });
});

describe('readsForSteps: list steps cover their list and the membership', () => {
  it.each([
    ['add-allow', { ...READ_ALL, allowList: true }],
    ['remove-allow', { ...READ_ALL, allowList: true }],
    ['block', { ...READ_ALL, blockList: true }],
    ['unblock', { ...READ_ALL, blockList: true }],
  ] as const)('%s', (action, expected) => {
    expect(readsForSteps([{ action }])).toEqual(expected);
  });

  it('a plan of a group whose allow list was not read is refused, not planned blind', () => {
    const p = plan({ groups: [desired('g', { allowList: ['bob'] })], live: [live('1', { members: ['bob'] })], bindings: { g: '1' } });
    expect(p.errors.map((e) => e.message)).toEqual([expect.stringContaining('the live allow list of id 1 were not read')]);
    expect(p.steps).toEqual([]);
  });
});

describe('the planner on groups read in part', () => {
  it('plans a settings change on a group whose admins were not read', () => {
    const p = plan({
      groups: [desired('g', { settings: { name: 'New' } })],
      live: [live('1', { admins: undefined, members: ['x', 'y'] })],
      bindings: { g: '1' },
    });
    expect(p.errors).toEqual([]);
    expect(briefs(p)).toEqual(['g update name:"G"->"New"']);
  });

  it('counts the members a partial list left out against max_users', () => {
    const p = plan({
      groups: [desired('g', { settings: { max_users: 100 } })],
      live: [live('1', { admins: undefined, members: ['x'], memberCount: 150, settings: { max_users: 200 } })],
      bindings: { g: '1' },
    });
    expect(p.errors.map((e) => e.message)).toEqual([expect.stringContaining('150 members (owner included) do not fit max_users 100')]);
    expect(p.live_members).toBe(149);
  });

  it('refuses to compare membership it did not read', () => {
    const p = plan({
      groups: [desired('g', { admins: ['bob'] })],
      live: [live('1', { admins: undefined, members: ['bob'] })],
      bindings: { g: '1' },
    });
    expect(p.steps).toEqual([]);
    expect(p.errors.map((e) => e.message)).toEqual([expect.stringContaining('the live admins of id 1 were not read')]);
  });

  it('refuses to manage members of a group whose member list was cut short', () => {
    const p = plan({
      groups: [desired('g', { admins: [], members: ['x'] })],
      live: [live('1', { admins: [], members: ['x'], memberCount: 20_000 })],
      bindings: { g: '1' },
    });
    expect(p.errors.map((e) => e.message)).toEqual([expect.stringContaining('the live members of id 1 were not read')]);
  });

  it('finds no drift when the sorted lists match, and the same steps as before when they do not', () => {
    const same = plan({
      groups: [desired('g', { admins: ['bob'], members: ['carl', 'dora'] })],
      live: [live('1', { admins: ['bob'], members: ['bob', 'carl', 'dora'] })],
      bindings: { g: '1' },
    });
    expect(same.steps).toEqual([]);
    const unsorted = plan({
      groups: [desired('g', { admins: ['bob'], members: ['dora', 'carl', 'carl'] })],
      live: [live('1', { admins: ['bob'], members: ['bob', 'carl', 'dora'] })],
      bindings: { g: '1' },
    });
    expect(unsorted.steps).toEqual([]);
    const drifted = plan({
      groups: [desired('g', { admins: ['bob'], members: ['carl', 'erin'] })],
      live: [live('1', { admins: ['bob'], members: ['bob', 'carl', 'dora'] })],
      bindings: { g: '1' },
    });
    expect(drifted.steps.map(brief)).toEqual(['g remove-member dora', 'g add-member erin']);
  });
});

describe('fingerprint coverage', () => {
  const group = live('1', { admins: ['b'], members: ['b', 'c'], settings: { name: 'G', max_users: 10 } });

  it('a settings-only step covers the details, not who is a member or an admin', () => {
    const covers = readsForSteps([{ action: 'update' }, { action: 'disable' }]);
    expect(covers).toEqual(READ_DETAILS);
    expect(fingerprintGroup({ ...group, admins: [], members: ['c', 'd'] }, covers)).toBe(fingerprintGroup(group, covers));
    expect(fingerprintGroup({ ...group, admins: undefined }, covers)).toBe(fingerprintGroup(group, covers));
    expect(fingerprintGroup({ ...group, owner: 'z' }, covers)).not.toBe(fingerprintGroup(group, covers));
    expect(fingerprintGroup({ ...group, settings: { name: 'H', max_users: 10 } }, covers)).not.toBe(fingerprintGroup(group, covers));
  });

  it.each(['transfer', 'add-member', 'remove-member', 'add-admin', 'remove-admin'] as const)('a %s step covers admins and members', (action) => {
    const covers = readsForSteps([{ action: 'update' }, { action }]);
    expect(covers).toEqual(READ_ALL);
    expect(fingerprintGroup({ ...group, admins: [] }, covers)).not.toBe(fingerprintGroup(group, covers));
    expect(fingerprintGroup({ ...group, members: ['b', 'c', 'd'] }, covers)).not.toBe(fingerprintGroup(group, covers));
  });

  it('full coverage hashes as plans saved before coverage existed did', () => {
    expect(fingerprintGroup(group, READ_ALL)).toBe(fingerprintGroup(group));
  });

  it('withFingerprints fingerprints each group by what its own steps cover', () => {
    const settingsOnly = live('1', { admins: undefined, members: ['m'] });
    const membership = live('2', { admins: [], members: [] });
    const p = withFingerprints(
      plan({
        groups: [desired('a', { settings: { name: 'A' } }), desired('b', { members: ['m'] })],
        live: [settingsOnly, membership],
        bindings: { a: '1', b: '2' },
      }),
      new Map([
        ['1', settingsOnly],
        ['2', membership],
      ]),
    );
    expect(fingerprintCoverage(p)).toEqual(new Map([['1', READ_DETAILS], ['2', READ_ALL]]));
    expect(p.fingerprints).toEqual({ '1': fingerprintGroup(settingsOnly, READ_DETAILS), '2': fingerprintGroup(membership, READ_ALL) });
  });
});

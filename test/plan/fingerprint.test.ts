import { describe, expect, it } from 'vitest';
import { fingerprintGroup, withFingerprints } from '../../src/plan/fingerprint.js';
import { countRemovals } from '../../src/plan/guards.js';
import { plannedId } from '../../src/plan/resolve-keys.js';
import { desired, live, plan } from './builders.js';

describe('fingerprintGroup', () => {
  const group = live('1', { admins: ['b'], members: ['b', 'c'], settings: { name: 'G', max_users: 10 } });

  it('is a sha256 hex digest', () => {
    expect(fingerprintGroup(group)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on key order or member order', () => {
    const shuffled = { ...group, members: ['c', 'b'], settings: { max_users: 10, name: 'G' } };
    expect(fingerprintGroup(shuffled)).toBe(fingerprintGroup(group));
  });

  it.each([
    ['a member joins', { members: ['b', 'c', 'd'] }],
    ['an admin is demoted', { admins: [] }],
    ['the owner changes', { owner: 'b' }],
    ['a setting changes', { settings: { name: 'H', max_users: 10 } }],
    ['the group is disabled', { disabled: true }],
  ])('changes when %s', (_name, change) => {
    expect(fingerprintGroup({ ...group, ...change })).not.toBe(fingerprintGroup(group));
  });

  it('gives a missing group a fingerprint of its own', () => {
    expect(fingerprintGroup(null)).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprintGroup(null)).not.toBe(fingerprintGroup(group));
  });
});

describe('withFingerprints', () => {
  it('fingerprints exactly the groups the steps touch', () => {
    const touched = live('1');
    const untouched = live('2', { members: ['b'] });
    const p = plan({
      groups: [desired('a', { members: ['b'] }), desired('b', { members: ['b'] }), desired('new')],
      live: [touched, untouched],
      bindings: { a: '1', b: '2' },
    });
    const liveMap = new Map([
      ['1', touched],
      ['2', untouched],
    ]);
    const fingerprinted = withFingerprints(p, liveMap);
    expect(fingerprinted.fingerprints).toEqual({ '1': fingerprintGroup(touched) });
    expect({ ...fingerprinted, fingerprints: undefined }).toEqual({ ...p, fingerprints: undefined });
    expect(JSON.parse(JSON.stringify(fingerprinted))).toStrictEqual(fingerprinted);
  });
});

describe('countRemovals', () => {
  it('counts memberships lost: remove-member steps, never a remove-admin (the admin stays a member)', () => {
    const p = plan({
      groups: [desired('g', { owner: 'b', admins: [], members: ['d'] })],
      live: [live('1', { admins: ['b', 'c'], members: ['b', 'c', 'x'] })],
      bindings: { g: '1' },
    });
    // remove-member c, remove-member x, remove-member alice (old owner); remove-admin b removes nobody
    expect(p.steps.filter((s) => s.action === 'remove-admin')).toHaveLength(1);
    expect(countRemovals(p)).toBe(3);
    expect(p.guards.removals).toEqual({ count: 3, limit: 10 });
    expect(p.steps.filter((s) => s.action === 'add-member' || s.action === 'transfer')).toHaveLength(2);
  });

  it("counts a dismissed group's members as memberships lost", () => {
    const p = plan({
      groups: [desired('g', { ensure: 'dismissed' })],
      live: [live('1', { admins: ['b'], members: ['b', 'c', 'x'] })],
      bindings: { g: '1' },
    });
    expect(p.steps.map((s) => [s.action, s.details])).toEqual([['dismiss', { owner: 'alice', members: 3 }]]);
    expect(countRemovals(p)).toBe(3);
  });
});

describe('plannedId', () => {
  it.each([
    ['config id first', desired('g', { id: '9' }), { g: { id: '1' } }, '9'],
    ['then the binding', desired('g'), { g: { id: '1' } }, '1'],
    ['else new', desired('g'), {}, undefined],
  ])('%s', (_name, group, bindings, id) => {
    expect(plannedId(group, new Map(Object.entries(bindings)))).toBe(id);
  });
});

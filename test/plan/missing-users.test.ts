import { describe, expect, it } from 'vitest';
import { usersAdded, usersNamed, usersToLookUp, withMissingUsers } from '../../src/plan/missing-users.js';
import { desired, live, plan } from './builders.js';

const groups = [
  desired('new', { owner: 'alice', members: ['bob', 'Zed'], source: { file: 'g.yaml', line: 2, col: 3 } }),
  desired('old', { owner: 'carol', admins: ['zed'], source: { file: 'g.yaml', line: 7, col: 3 } }),
];
const p = plan({ groups, live: [live('1', { owner: 'dave', members: ['erin'] })], bindings: { old: '1' }, rawUsers: true });

describe('users a plan adds', () => {
  it('are the owner and members of a create, the new owner of a transfer, and added members and admins; not the ones removed', () => {
    expect(Object.fromEntries([...usersAdded(p)].map(([u, keys]) => [u, [...keys]]))).toEqual({
      alice: ['new'],
      bob: ['new'],
      zed: ['new', 'old'],
      carol: ['old'],
    });
  });

  it('a missing one is a located error on every group that would add it', () => {
    const checked = withMissingUsers(p, { groups: new Map(groups.map((g) => [g.key, g])), files: [] }, ['zed', 'carol']);
    expect(checked.errors.map((e) => e.message)).toEqual([
      'group new: user zed does not exist in the app; register them first or fix the config (--no-check-users skips this check) (g.yaml:2:3)',
      'group old: users carol, zed do not exist in the app; register them first or fix the config (--no-check-users skips this check) (g.yaml:7:3)',
    ]);
    expect(checked.steps).toBe(p.steps);
  });

  it('no missing user leaves the plan as it was', () => {
    expect(withMissingUsers(p, { groups: new Map(), files: [] }, [])).toBe(p);
  });

  it('are looked up only when no live group read in this run names them', () => {
    const seen = [live('1', { owner: 'dave', members: ['erin'] }), live('2', { owner: 'Alice', members: ['ZED'] }), null];
    expect(usersToLookUp(p, seen)).toEqual(['bob', 'carol']);
    expect(usersToLookUp(p, [])).toEqual(['alice', 'bob', 'carol', 'zed']);
  });
});

describe('users the config names', () => {
  it('are every owner, admin and member of every group, lowercased: the only users a plan of it can add', () => {
    const config = { groups: new Map(groups.map((g) => [g.key, g])), files: [] };
    expect([...usersNamed(config)].sort()).toEqual(['alice', 'bob', 'carol', 'zed']);
    for (const user of usersAdded(p).keys()) expect(usersNamed(config).has(user)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { ApplyRefusedError, checkApplyGuards } from '../../src/apply/index.js';
import { defaultGuardLimits, type GuardLimits } from '../../src/plan/guards.js';
import type { Plan } from '../../src/plan/types.js';
import { on, planOf } from './build-plan.js';
import { World } from './fixture.js';

const g = on('eng', '228001');

describe('guards refuse the whole apply before the first call', () => {
  const cases: Array<{ name: string; plan: Plan; allowDismiss?: boolean; limits?: GuardLimits; problems: string[] }> = [
    {
      name: 'a plan with errors',
      plan: planOf([g.addMember('dave')], { errors: [{ group: 'eng', message: 'owner ghost does not exist' }, { message: 'two keys bind one id' }] }),
      problems: ['plan error in eng: owner ghost does not exist', 'plan error: two keys bind one id'],
    },
    {
      name: 'dismiss steps without --allow-dismiss',
      plan: planOf([g.dismiss(), on('old', '228002').dismiss()]),
      problems: ['2 dismiss steps: pass --allow-dismiss to allow them'],
    },
    {
      name: 'more memberships ended than --max-removals (a remove-admin ends none; a dismissal ends all)',
      plan: planOf([
        g.removeMember('dave'),
        g.removeAdmin('bob'),
        g.addMember('frank'),
        { group: 'old', group_id: '228002', action: 'dismiss', details: { owner: 'zoe', members: 2 } },
      ]),
      allowDismiss: true,
      limits: { removals: 2 },
      problems: [
        'this plan removes 3 memberships (remove-member and block steps, and members of dismissed groups), more than --max-removals 2; check it, then raise --max-removals',
      ],
    },
    {
      name: 'more recreates than max(3, 10% of the bound groups), whatever the saved plan allowed',
      plan: planOf(
        ['a', 'b', 'c', 'd'].map((k, i) => ({ ...on(k).create('alice'), details: { owner: 'alice', settings: { public: false }, members: [], replaces: `22800${i}` } })),
        { bound_groups: 4, guards: { removals: { count: 0, limit: 10 }, recreates: { count: 4, limit: null }, forgets: { count: 0, limit: 3 } } },
      ),
      problems: [
        'this plan creates 4 bound groups again because they no longer exist live, more than 3 (max(3, 10% of the bound groups)). ' +
          'A wrong base URL or app looks exactly like this: check GROUPCTL_BASE_URL and the credentials; if the groups really were deleted, pass --allow-recreate',
      ],
    },
    {
      name: "a guard error in the plan is counted again with apply's own limits",
      plan: planOf([g.removeMember('dave')], { errors: [{ guard: 'removals', message: 'this plan removes 1 membership, more than --max-removals 0' }] }),
      problems: [],
    },
  ];

  it.each(cases)('$name', async ({ plan, allowDismiss = false, limits = { removals: 10 }, problems }) => {
    expect(checkApplyGuards(plan, { allowDismiss, limits })).toEqual(problems);
    if (problems.length === 0) return;

    const w = new World();
    const refused = w.apply(plan, { allowDismiss, limits });
    await expect(refused).rejects.toBeInstanceOf(ApplyRefusedError);
    await expect(refused).rejects.toMatchObject({ problems });
    expect(w.service.calls).toEqual([]);
    expect(w.state.saves).toBe(0);
  });

  it('lets through dismissals that are allowed, removals at the limit, and recreates with --allow-recreate', () => {
    const plan = planOf([g.dismiss(), g.removeMember('dave'), g.removeMember('erin'), g.removeAdmin('bob')]);
    expect(checkApplyGuards(plan, { allowDismiss: true, limits: { removals: 2 } })).toEqual([]);
    const recreates = planOf(['a', 'b', 'c', 'd'].map((k) => ({ ...on(k).create('alice'), details: { owner: 'alice', settings: {}, members: [], replaces: '1' } })));
    expect(checkApplyGuards(recreates, { allowDismiss: false, limits: { recreates: null } })).toEqual([]);
    expect(checkApplyGuards(recreates, { allowDismiss: false })).toHaveLength(1);
  });

  it.each([
    [0, 10],
    [40, 10],
    [41, 11],
    [1000, 250],
  ])('the default removal limit for %i live members is %i', (live, limit) => {
    expect(defaultGuardLimits({ live_members: live }).removals).toBe(limit);
  });
});

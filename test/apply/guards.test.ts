import { describe, expect, it } from 'vitest';
import { ApplyRefusedError, checkApplyGuards, defaultMaxRemovals } from '../../src/apply/apply-plan.js';
import type { Plan } from '../../src/plan/types.js';
import { on, planOf } from './build-plan.js';
import { World } from './fixture.js';

const g = on('eng', '228001');

describe('guards refuse the whole apply before the first call', () => {
  const cases: Array<{ name: string; plan: Plan; allowDismiss?: boolean; maxRemovals?: number; problems: string[] }> = [
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
      name: 'more removals than --max-removals',
      plan: planOf([g.removeMember('dave'), g.removeMember('erin'), g.removeAdmin('bob'), g.addMember('frank')]),
      maxRemovals: 2,
      problems: ['this plan removes 3 members/admins, more than --max-removals 2; check it, then raise --max-removals'],
    },
  ];

  it.each(cases)('$name', async ({ plan, allowDismiss = false, maxRemovals = 10, problems }) => {
    expect(checkApplyGuards(plan, { allowDismiss, maxRemovals })).toEqual(problems);

    const w = new World();
    const refused = w.apply(plan, { allowDismiss, maxRemovals });
    await expect(refused).rejects.toBeInstanceOf(ApplyRefusedError);
    await expect(refused).rejects.toMatchObject({ problems });
    expect(w.service.calls).toEqual([]);
    expect(w.state.saves).toBe(0);
  });

  it('lets through dismissals that are allowed and removals at the limit', () => {
    const plan = planOf([g.dismiss(), g.removeMember('dave'), g.removeAdmin('bob')]);
    expect(checkApplyGuards(plan, { allowDismiss: true, maxRemovals: 2 })).toEqual([]);
  });

  it.each([
    [0, 10],
    [40, 10],
    [41, 11],
    [1000, 250],
  ])('the default removal limit for %i live members is %i', (live, limit) => {
    expect(defaultMaxRemovals({ live_members: live })).toBe(limit);
  });
});

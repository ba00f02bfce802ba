/**
 * The properties are only as good as their generator: this checks, on a fixed seed, that
 * it produces every situation the planner's ordering exists for.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { makePlan } from '../../src/plan/make-plan.js';
import { groupCases, type GroupCase } from './arbitraries.js';
import { buildScenario } from './scenario.js';
import { readLive } from './simulate.js';
import { expectPlanMatchesSchema } from '../helpers/plan-schema.js';

function situations(c: GroupCase, steps: ReturnType<typeof makePlan>['steps']): string[] {
  const found: string[] = [];
  const has = (action: string, reason?: RegExp) => steps.some((s) => s.action === action && (!reason || reason.test(s.reason ?? '')));
  if (c.kind !== 'existing') {
    if (has('add-member')) found.push('create over one batch');
    return found;
  }
  const { seed } = c.live;
  const d = c.desired;
  const members = seed.members ?? [];
  const admins = seed.admins ?? [];
  if (seed.disabled && steps.length > 0) found.push('disabled group with changes');
  if (members.length + 1 === seed.maxusers) found.push('at capacity');
  if (has('update') && steps.some((s) => s.action === 'update' && (s.details.changes.max_users?.to ?? Infinity) < (s.details.changes.max_users?.from ?? 0)))
    found.push('max_users lowered');
  if (d.owner !== undefined && d.owner !== seed.owner) {
    if (admins.includes(d.owner)) found.push('owner to an admin');
    else if (members.includes(d.owner)) found.push('owner to a member');
    else found.push('owner to a non-member');
    if (has('remove-member', /old owner/)) found.push('old owner leaves');
    if (has('update', /for now/)) found.push('temporary raise');
  }
  if (admins.length >= 99 || (d.admins?.length ?? 0) >= 99) found.push('99 admins');
  if (d.members === undefined) found.push('membership not managed');
  if (d.admins === undefined) found.push('admins not managed');
  return found;
}

it('the generator covers every situation the step order exists for', () => {
  const seen = new Map<string, number>();
  for (const cases of fc.sample(groupCases, { numRuns: 300, seed: 20_260_101 })) {
    const { world, desired } = buildScenario(cases, { transferKeepsAdmin: false, showsInviteConfirm: false });
    const plan = makePlan({ desired, bindings: world.bindings, live: readLive(world, desired) });
    expectPlanMatchesSchema(plan);
    cases.forEach((c, i) => {
      for (const s of situations(c, plan.steps.filter((step) => step.group === `g${i}`))) seen.set(s, (seen.get(s) ?? 0) + 1);
    });
  }
  const wanted = [
    'create over one batch',
    'disabled group with changes',
    'at capacity',
    'max_users lowered',
    'owner to an admin',
    'owner to a member',
    'owner to a non-member',
    'old owner leaves',
    'temporary raise',
    '99 admins',
    'membership not managed',
    'admins not managed',
  ];
  expect(wanted.filter((w) => (seen.get(w) ?? 0) < 3)).toEqual([]);
});

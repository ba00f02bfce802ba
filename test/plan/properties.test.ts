/**
 * The plan's claim, checked against the emulator's rules over generated (live, desired)
 * pairs: every step is accepted at the moment it runs, the result is what config
 * declares (fields it leaves out unchanged), and planning again finds nothing to do.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makePlan } from '../../src/plan/make-plan.js';
import { SETTING_NAMES, type DesiredState } from '../../src/model/group.js';
import { groupCases } from './arbitraries.js';
import { buildScenario, type Expected } from './scenario.js';
import { applyPlan, readLive, toLive, type World } from './simulate.js';
import { expectPlanMatchesSchema } from '../helpers/plan-schema.js';

const NUM_RUNS = 250;

function planFor(world: World, desired: DesiredState) {
  const plan = makePlan({ desired, bindings: world.bindings, live: readLive(world, desired) });
  expectPlanMatchesSchema(plan);
  return plan;
}

function actualOf(world: World, desired: DesiredState, key: string) {
  const id = desired.groups.get(key)?.id ?? world.bindings.get(key)?.id;
  const record = id === undefined ? undefined : world.store.getGroup(id);
  if (record === undefined) throw new Error(`group ${key} (id ${id}) is missing after apply`);
  const live = toLive(record, true);
  return {
    membership: { owner: live.owner, admins: live.admins, members: live.members },
    disabled: live.disabled,
    settings: Object.fromEntries(SETTING_NAMES.map((name) => [name, live.settings[name]])),
  };
}

function expectedOf(e: Expected) {
  return { membership: e.membership, disabled: e.disabled, settings: Object.fromEntries(SETTING_NAMES.map((n) => [n, e.settings[n]])) };
}

describe.each([
  { reading: 'a new owner loses its admin role', transferKeepsAdmin: false },
  { reading: 'a new owner keeps its admin role', transferKeepsAdmin: true },
])('when $reading', ({ transferKeepsAdmin }) => {
  it('every step is accepted, the groups end as declared, and a second plan is empty', () => {
    fc.assert(
      fc.property(groupCases, fc.boolean(), (cases, showsInviteConfirm) => {
        const { world, desired, expected } = buildScenario(cases, { transferKeepsAdmin, showsInviteConfirm });
        const plan = planFor(world, desired);
        expect(plan.errors).toEqual([]);
        expect(JSON.parse(JSON.stringify(plan))).toStrictEqual(plan);

        applyPlan(world, plan);

        for (const e of expected) expect({ key: e.key, ...actualOf(world, desired, e.key) }).toEqual({ key: e.key, ...expectedOf(e) });
        const again = planFor(world, desired);
        expect(again.steps).toEqual([]);
        expect(again.errors).toEqual([]);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('the capacity guard', () => {
  it('refuses exactly when the final head count exceeds max_users', () => {
    fc.assert(
      fc.property(groupCases, fc.integer({ min: -3, max: 2 }), (cases, offset) => {
        const { world, desired, expected } = buildScenario(cases, { transferKeepsAdmin: false, showsInviteConfirm: false });
        const group = desired.groups.get('g0')!;
        const headCount = 1 + expected[0]!.membership.members.length;
        group.settings.max_users = Math.max(1, headCount + offset);
        const plan = planFor(world, desired);
        const refused = plan.errors.some((e) => e.group === 'g0' && /do not fit max_users/.test(e.message));
        expect(refused).toBe(headCount > group.settings.max_users);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

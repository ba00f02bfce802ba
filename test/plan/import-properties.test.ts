/**
 * The promise of issue 9, item 4, as a property over generated apps and configurations
 * with no state file: no plan ever creates a group while a live group with its owner and
 * name is left unbound, no live group is imported twice, and applying the plan (the real
 * applyPlan over the store-backed service) makes no group a second time.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { findCandidates, readLive } from '../../src/live/index.js';
import type { DesiredGroup, DesiredState } from '../../src/model/group.js';
import { makePlan } from '../../src/plan/make-plan.js';
import type { Plan } from '../../src/plan/types.js';
import { MemoryState } from '../apply/memory-state.js';
import { StoreService } from '../apply/store-service.js';

const OWNERS = ['alice', 'bob', 'carol'];
const NAMES = ['Eng', 'Ops', 'Sales'];
const USERS = [...OWNERS, 'dave', 'erin'];

const liveGroup = fc.record({ owner: fc.constantFrom(...OWNERS), name: fc.constantFrom(...NAMES) });
const desiredGroup = fc.record({
  owner: fc.constantFrom(...OWNERS),
  name: fc.option(fc.constantFrom(...NAMES), { nil: undefined }),
  members: fc.option(fc.subarray(USERS), { nil: undefined }),
});

const matchKey = (owner: string, name: string) => `${owner}\u0000${name}`;

function countByOwnerAndName(service: StoreService): Map<string, number> {
  const counts = new Map<string, number>();
  for (const g of service.store.toData().groups) counts.set(matchKey(g.owner, g.groupname), (counts.get(matchKey(g.owner, g.groupname)) ?? 0) + 1);
  return counts;
}

/** What the CLI's prepare step does: bound groups, then the list pass when there are creates. */
async function planWith(service: StoreService, desired: DesiredState, state: MemoryState): Promise<Plan> {
  const bindings = state.bindings();
  const ids = [...desired.groups.values()].map((g) => bindings.get(g.key)?.id).filter((id): id is string => id !== undefined);
  const live = await readLive(service, ids, { groupsAtOnce: 4 });
  const first = makePlan({ desired, bindings, live });
  const wanted = first.steps.flatMap((s) => (s.action === 'create' && s.details.settings.name !== undefined ? [{ owner: s.details.owner, name: s.details.settings.name }] : []));
  if (wanted.length === 0) return first;
  const candidates = await findCandidates(service, wanted, new Set([...bindings.values()].map((b) => b.id)));
  for (const [id, group] of await readLive(service, candidates.map((c) => c.id), { groupsAtOnce: 4 })) live.set(id, group);
  return makePlan({ desired, bindings, live, candidates });
}

describe('creates without a state file', () => {
  it('never create a group whose owner and name an unbound live group has, and apply makes no second one', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(liveGroup, { maxLength: 6 }), fc.array(desiredGroup, { minLength: 1, maxLength: 5 }), async (lives, wants) => {
        const service = StoreService.withUsers(USERS);
        for (const g of lives) service.store.createGroup({ groupname: g.name, public: false, owner: g.owner, members: [] });
        const before = countByOwnerAndName(service);
        const groups = new Map<string, DesiredGroup>(
          wants.map((w, i) => [
            `k${i}`,
            {
              key: `k${i}`,
              source: { file: 'g.yaml', line: i + 1, col: 3 },
              settings: w.name === undefined ? {} : { name: w.name },
              owner: w.owner,
              ensure: 'present',
              protect: false,
              ...(w.members === undefined ? {} : { members: w.members }),
            },
          ]),
        );
        const desired: DesiredState = { groups, files: ['g.yaml'] };
        const state = new MemoryState();
        const plan = await planWith(service, desired, state);

        const imported = plan.steps.filter((s) => s.action === 'import').map((s) => s.group_id!);
        expect(new Set(imported).size).toBe(imported.length);
        for (const step of plan.steps) {
          if (step.action !== 'create' || step.details.settings.name === undefined) continue;
          const unbound = service.store
            .toData()
            .groups.filter((g) => g.owner === step.details.owner && g.groupname === step.details.settings.name && !imported.includes(g.id!));
          expect(unbound, `${step.group} is created while these are unbound`).toEqual([]);
        }
        if (plan.errors.length > 0) {
          for (const e of plan.errors) expect(e.message).toMatch(/live groups bound to no key/);
          return;
        }

        const report = await applyPlan(plan, { service, state, groupsAtOnce: 2, allowDismiss: false, limits: { removals: 1000 } });
        expect(report.ok).toBe(true);
        const after = countByOwnerAndName(service);
        for (const [k, n] of before) expect(after.get(k), k).toBe(Math.max(n, countKeys(desired, k)));
        const again = await planWith(service, desired, state);
        expect(again.steps).toEqual([]);
      }),
      { numRuns: 120 },
    );
  });
});

/** Keys that declare this owner and name: that many groups may exist after apply. */
function countKeys(desired: DesiredState, k: string): number {
  return [...desired.groups.values()].filter((g) => g.settings.name !== undefined && matchKey(g.owner!, g.settings.name) === k).length;
}

/**
 * The planner's claim under every dialect the client handles: generated (live, desired)
 * pairs, seeded into an emulator answering in the dialect, planned and applied through
 * the real client, readLive, makePlan and applyPlan over HTTP. Every step is done, the
 * groups end as declared, and a second plan is empty; then the same under combinations of
 * dialects that together meet every pair of readings (dialectPairs). Fewer runs than the
 * store-backed properties (properties.test.ts): each run starts an emulator and makes real calls.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { parseBaseUrl } from '../../src/api/base-url.js';
import { createGroupService, type GroupServiceHandle } from '../../src/api/connect.js';
import { readingsOf, startEmulator } from '../../src/emulator/index.js';
import { readLive } from '../../src/live/read-live.js';
import { SETTING_NAMES, type DesiredState } from '../../src/model/group.js';
import { makePlan } from '../../src/plan/make-plan.js';
import { MemoryState } from '../apply/memory-state.js';
import { dialectMatrix, dialectPairs } from '../helpers/dialect-matrix.js';
import { expectPlanMatchesSchema } from '../helpers/plan-schema.js';
import { groupCases } from './arbitraries.js';
import { buildScenario } from './scenario.js';
import { toLive } from './simulate.js';

const NUM_RUNS = 8;
/** Runs per combination of dialects: every pair is met by the combinations together. */
const PAIR_RUNS = 4;

async function planOver(handle: GroupServiceHandle, desired: DesiredState, state: MemoryState) {
  const ids = new Set([...state.bindings().values()].map((b) => b.id));
  for (const group of desired.groups.values()) if (group.id !== undefined) ids.add(group.id);
  // Every part, the announcement and the lists included: the planner uses them only where config declares them.
  const reads = () => ({ admins: true, members: true, announcement: true, allowList: true, blockList: true });
  const live = await readLive(handle.service, [...ids], { groupsAtOnce: 4, reads });
  // Guards are not this property's subject: the plan must converge whatever they would allow.
  const plan = makePlan({ desired, bindings: state.bindings(), live, limits: { removals: null, recreates: null, forgets: null } });
  expectPlanMatchesSchema(plan);
  return plan;
}

describe.each(dialectMatrix())('the planner over HTTP, dialect $dialect', ({ dialect }) => {
  it('every step is done, the groups end as declared, and a second plan is empty', () => convergesUnder(dialect, NUM_RUNS));
});

// Every pair of readings of different topics meets in one server in at least one of these (a real server answers in one reading per topic).
describe.each(dialectPairs().map((dialects) => ({ dialects })))('the planner over HTTP, dialects $dialects', ({ dialects }) => {
  it('every step is done, the groups end as declared, and a second plan is empty', () => convergesUnder(dialects, PAIR_RUNS));
});

async function convergesUnder(dialect: string, numRuns: number): Promise<void> {
  {
    const { transferKeepsAdmin, publicInvites } = readingsOf(dialect);
    await fc.assert(
      fc.asyncProperty(groupCases, async (cases) => {
        const { world, desired, expected } = buildScenario(cases, { transferKeepsAdmin, showsInviteConfirm: false, publicInvites });
        const emulator = await startEmulator({ quiet: true, dialects: dialect, seed: world.store.toData() });
        const handle = createGroupService({
          base: parseBaseUrl(emulator.baseUrls.easemob),
          credentials: { kind: 'token', token: 'emulator-token' },
          rateLimit: 10_000,
          concurrency: 4,
        });
        try {
          const state = new MemoryState(Object.fromEntries(world.bindings));
          const plan = await planOver(handle, desired, state);
          expect(plan.errors).toEqual([]);
          const report = await applyPlan(plan, { service: handle.service, state, groupsAtOnce: 4, allowDismiss: true, limits: { removals: null } });
          expect(report.steps.filter((s) => s.status !== 'done').map((s) => [s.group, s.action, s.error])).toEqual([]);

          for (const e of expected) {
            const id = desired.groups.get(e.key)?.id ?? state.binding(e.key)?.id;
            const record = id === undefined ? undefined : emulator.store.getGroup(id);
            expect(record, `group ${e.key} (id ${id}) after apply`).toBeDefined();
            const live = toLive(record!, true);
            const shown = { owner: live.owner, admins: live.admins, members: live.members, disabled: live.disabled, mute: live.muteAll, announcement: live.announcement, allow: live.allowList, blocks: live.blockList };
            expect({ key: e.key, ...shown, settings: Object.fromEntries(SETTING_NAMES.map((n) => [n, live.settings[n]])) }).toEqual({
              key: e.key, ...e.membership, disabled: e.disabled, mute: e.mute, announcement: e.announcement, allow: e.allow, blocks: e.blocks, settings: Object.fromEntries(SETTING_NAMES.map((n) => [n, e.settings[n]])),
            });
          }
          const again = await planOver(handle, desired, state);
          expect(again.steps).toEqual([]);
          expect(again.binding_changes).toEqual([]);
          expect(again.errors).toEqual([]);
        } finally {
          await handle.close();
          await emulator.close();
        }
      }),
      { numRuns },
    );
  }
}

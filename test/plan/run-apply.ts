/**
 * Runs a plan through the real applyPlan over the store-backed service (the emulator's
 * rules, without HTTP), keeping the world's bindings as apply leaves them. The planner's
 * claim is strict: every step is accepted as planned, so a step that failed, or that
 * apply had to excuse ("already a member", confirmed by a fresh read), fails the run.
 */
import { applyPlan, type ApplyReport } from '../../src/apply/index.js';
import type { Plan } from '../../src/plan/types.js';
import { MemoryState } from '../apply/memory-state.js';
import { StoreService } from '../apply/store-service.js';
import type { World } from './simulate.js';

export class PlanNotAccepted extends Error {}

/** Applies every step; throws PlanNotAccepted naming each step that was not done as planned. */
export async function applyOnStore(world: World, plan: Plan): Promise<ApplyReport> {
  const state = new MemoryState(Object.fromEntries(world.bindings));
  const report = await applyPlan(plan, {
    service: new StoreService(world.store),
    state,
    groupsAtOnce: 4,
    allowDismiss: true,
    // Guards are not the subject here: the planner was called without limits, so apply has none either.
    limits: { removals: null, recreates: null, forgets: null },
    now: () => 1_700_000_000_000,
  });
  world.bindings.clear();
  for (const [key, binding] of state.bindings()) world.bindings.set(key, binding);
  const wrong = report.steps
    .map((r, index) => ({ index, r }))
    .filter(({ r }) => r.status !== 'done' || r.note !== undefined)
    .map(({ index, r }) => `step ${index} ${r.group} ${r.action} ${JSON.stringify(r.details)}: ${r.status}${r.error ? ` (${r.error})` : ''}${r.note ? ` [${r.note}]` : ''}`);
  if (wrong.length > 0) throw new PlanNotAccepted(`not every step was accepted as planned:\n${wrong.join('\n')}`);
  return report;
}

/**
 * applyPlan, loaded on its first call: the apply engine (the group runner, the batches, the
 * creates, p-limit; about 25 files) is what only `apply` uses, and `plan`, `validate` and
 * the library's readers import apply/ for its guards and saved-plan checks alone (issue 23,
 * test/cli/start-up-imports.test.ts). The same function, the same promise: applyPlan was
 * always async, so an error it throws still arrives as a rejection.
 */
import type { Plan } from '../plan/types.js';
import type { ApplyOptions, ApplyReport } from './types.js';

/** Rejects with ApplyRefusedError when a guard refuses; otherwise resolves with the report (apply-plan.ts). */
export async function applyPlan(plan: Plan, given: ApplyOptions): Promise<ApplyReport> {
  const engine = await import('./apply-plan.js');
  return engine.applyPlan(plan, given);
}

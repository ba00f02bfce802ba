/**
 * The steps of one group, in plan order. The first failure stops the group: the steps
 * after it are skipped with a note naming it. Nothing is thrown; every step ends with
 * a result.
 */
import { withCallPriority } from '../api/service.js';
import type { Step } from '../plan/types.js';
import { failed, type Outcome } from './confirm.js';
import { labelStep } from './step-label.js';
import { executeCreate } from './execute-create.js';
import { executeMemberBatch } from './execute-batch.js';
import { executeStep } from './execute-step.js';
import type { GroupContext } from './group-context.js';
import type { StepResult } from './types.js';
import { callsStillToMake, type IndexedStep, type Unit } from './units.js';

/** How runGroup reports back to applyPlan, which keeps the results and calls the view's hook. */
export interface GroupRunHooks {
  started(item: IndexedStep): void;
  finished(index: number, result: StepResult): void;
  /** True once the apply was interrupted: no further unit starts. */
  stopped?(): boolean;
}

/** The note of a step that never started because the apply was interrupted. */
export const INTERRUPTED = 'not run: the apply was interrupted';

/** Runs the group's steps, cut into units (units.ts); true when all of them are done. */
export async function runGroup(ctx: GroupContext, units: readonly Unit[], hooks: GroupRunHooks): Promise<boolean> {
  let failedStep: Step | undefined;
  let interrupted = false;
  // The longer the rest of the chain, the sooner its next call goes out (critical path first).
  const priorities = callsStillToMake(units);
  for (const [u, unit] of units.entries()) {
    const unitItems = unit.kind === 'batch' ? unit.items : [unit.item];
    if (failedStep) {
      const note = `skipped: ${labelStep(failedStep)} failed`;
      for (const { index, step } of unitItems) hooks.finished(index, { ...step, status: 'skipped', note });
      continue;
    }
    if (hooks.stopped?.() === true) {
      for (const { index, step } of unitItems) hooks.finished(index, { ...step, status: 'skipped', note: INTERRUPTED });
      interrupted = true;
      continue;
    }
    for (const item of unitItems) hooks.started(item);
    const outcomes = await withCallPriority(priorities[u]!, () => runUnit(ctx, unit)).catch((err: unknown) => unitItems.map(() => failed(err)));
    unitItems.forEach(({ index, step }, i) => {
      const outcome = outcomes[i]!;
      const result: StepResult = { ...step, ...outcome };
      if (ctx.id !== undefined) result.group_id = ctx.id;
      hooks.finished(index, result);
      if (outcome.status === 'failed') failedStep ??= step;
    });
  }
  return failedStep === undefined && !interrupted;
}

async function runUnit(ctx: GroupContext, unit: Unit): Promise<Outcome[]> {
  const id = ctx.id;
  if (unit.kind === 'batch') {
    if (id === undefined) return unit.items.map(() => noGroupId(ctx));
    return executeMemberBatch(ctx, id, unit.action, unit.items.map(({ step }) => step.details.user));
  }
  const { step } = unit.item;
  if (step.action === 'create') return [await executeCreate(ctx, step.details)];
  return [id === undefined ? noGroupId(ctx) : await executeStep(ctx, id, step)];
}

function noGroupId(ctx: GroupContext): Outcome {
  return failed(`no group id for ${ctx.key}: the plan neither names nor creates it`);
}

/**
 * The steps of one group, in plan order. The first failure stops the group: the steps
 * after it are skipped with a note naming it. Nothing is thrown; every step ends with
 * a result.
 */
import type { Step } from '../plan/types.js';
import { failed, type Outcome } from './confirm.js';
import { labelStep } from './step-label.js';
import { executeCreate } from './execute-create.js';
import { executeMemberBatch } from './execute-batch.js';
import { executeStep } from './execute-step.js';
import type { GroupContext } from './group-context.js';
import type { StepResult } from './types.js';
import { cutIntoUnits, type IndexedStep, type Unit } from './units.js';

export interface GroupRunHooks {
  started(item: IndexedStep): void;
  finished(index: number, result: StepResult): void;
  /** True once the apply was interrupted: no further unit starts. */
  stopped?(): boolean;
}

/** Runs the group's steps; true when all of them are done. */
export const INTERRUPTED = 'not run: the apply was interrupted';

export async function runGroup(ctx: GroupContext, items: readonly IndexedStep[], hooks: GroupRunHooks): Promise<boolean> {
  let failedStep: Step | undefined;
  let interrupted = false;
  for (const unit of cutIntoUnits(items)) {
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
    const outcomes = await runUnit(ctx, unit).catch((err: unknown) => unitItems.map(() => failed(err)));
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
  if (unit.kind === 'single' && unit.item.step.action === 'create') {
    return [await executeCreate(ctx, unit.item.step.details)];
  }
  const id = ctx.id;
  if (id === undefined) {
    const count = unit.kind === 'batch' ? unit.items.length : 1;
    return Array.from({ length: count }, () => failed(`no group id for ${ctx.key}: the plan neither names nor creates it`));
  }
  if (unit.kind === 'batch') {
    const users = unit.items.map(({ step }) => (step.details as { user: string }).user);
    return executeMemberBatch(ctx, id, unit.action, users);
  }
  const step = unit.item.step;
  if (step.action === 'create' || step.action === 'add-member' || step.action === 'remove-member') {
    throw new Error(`unreachable: ${step.action} is not a single step`);
  }
  return [await executeStep(ctx, id, step)];
}

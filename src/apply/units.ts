/**
 * Cuts one group's steps into units of work: runs of consecutive add-member (or
 * remove-member) steps become batch calls of up to 60 names; everything else runs alone.
 * Each unit keeps its steps' narrowed type, so the runner needs no cast.
 */
import { LIMITS } from '../model/group.js';
import type { Step } from '../plan/types.js';

/** A step with its place in the plan, so results land where the plan had them. */
export interface IndexedStep<S extends Step = Step> {
  index: number;
  step: S;
}

/** The member actions the API takes in batches. */
export type MemberAction = 'add-member' | 'remove-member';
export type MemberStep = Extract<Step, { action: MemberAction }>;
export type CreateStep = Extract<Step, { action: 'create' }>;
/** A step that acts on a group whose id is known, one call (or read) at a time. */
export type IdStep = Exclude<Step, MemberStep | CreateStep>;

/** One call's worth of work: a single step, or a batch of member steps of one action. */
export type Unit =
  | { kind: 'single'; item: IndexedStep<CreateStep | IdStep> }
  | { kind: 'batch'; action: MemberAction; items: IndexedStep<MemberStep>[] };

/** The units of one group's steps, in plan order; `batchSize` is the API's names per call. */
export function cutIntoUnits(items: readonly IndexedStep[], batchSize: number = LIMITS.memberBatch): Unit[] {
  const units: Unit[] = [];
  for (const { index, step } of items) {
    if (step.action !== 'add-member' && step.action !== 'remove-member') {
      units.push({ kind: 'single', item: { index, step } });
      continue;
    }
    const last = units.at(-1);
    if (last?.kind === 'batch' && last.action === step.action && last.items.length < batchSize) {
      last.items.push({ index, step });
    } else {
      units.push({ kind: 'batch', action: step.action, items: [{ index, step }] });
    }
  }
  return units;
}

/** Calls a create makes in a row beyond its own: the owner's group pages (both at once) before it, the read-back after. */
const CREATE_EXTRA_CALLS = 2;

/** Calls each unit's chain still has to make, the unit's own included: its calls' priority (api/priority.ts). */
export function callsStillToMake(units: readonly Unit[]): number[] {
  const left: number[] = [];
  let total = 0;
  for (let i = units.length - 1; i >= 0; i--) {
    const unit = units[i]!;
    total += 1 + (unit.kind === 'single' && unit.item.step.action === 'create' ? CREATE_EXTRA_CALLS : 0);
    left[i] = total;
  }
  return left;
}

/**
 * Cuts one group's steps into units of work: runs of consecutive steps of one batch
 * action (add-member, remove-member, and the allow- and block-list steps, FACTS.md: at
 * most 60 names a call) become batch calls of up to 60 names; everything else runs alone.
 * Each unit keeps its steps' narrowed type, so the runner needs no cast.
 */
import { LIMITS } from '../model/group.js';
import type { Step } from '../plan/types.js';

/** A step with its place in the plan, so results land where the plan had them. */
export interface IndexedStep<S extends Step = Step> {
  index: number;
  step: S;
}

/** The actions the API takes in batches of names. */
export type MemberAction = 'add-member' | 'remove-member' | 'add-allow' | 'remove-allow' | 'block' | 'unblock';
export type MemberStep = Extract<Step, { action: MemberAction }>;
const BATCH_ACTIONS: ReadonlySet<string> = new Set<MemberAction>(['add-member', 'remove-member', 'add-allow', 'remove-allow', 'block', 'unblock']);

function isBatchStep(step: Step): step is MemberStep {
  return BATCH_ACTIONS.has(step.action);
}
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
    if (!isBatchStep(step)) {
      units.push({ kind: 'single', item: { index, step: step as CreateStep | IdStep } });
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

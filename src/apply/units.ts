/**
 * Cuts one group's steps into units of work: runs of consecutive add-member (or
 * remove-member) steps become batch calls of up to 60 names; everything else runs alone.
 */
import { LIMITS } from '../model/group.js';
import type { Step } from '../plan/types.js';

/** A step with its place in the plan, so results land where the plan had them. */
export interface IndexedStep {
  index: number;
  step: Step;
}

export type MemberAction = 'add-member' | 'remove-member';

export type Unit =
  | { kind: 'single'; item: IndexedStep }
  | { kind: 'batch'; action: MemberAction; items: IndexedStep[] };

export function cutIntoUnits(items: readonly IndexedStep[], batchSize: number = LIMITS.memberBatch): Unit[] {
  const units: Unit[] = [];
  for (const item of items) {
    const action = item.step.action;
    if (action !== 'add-member' && action !== 'remove-member') {
      units.push({ kind: 'single', item });
      continue;
    }
    const last = units.at(-1);
    if (last?.kind === 'batch' && last.action === action && last.items.length < batchSize) {
      last.items.push(item);
    } else {
      units.push({ kind: 'batch', action, items: [item] });
    }
  }
  return units;
}

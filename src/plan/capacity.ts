/**
 * max_users across a group's step sequence. The server refuses any moment where the
 * members (owner included) exceed max_users, so a lowered max_users waits for the
 * removals, and a peak above the value in force is met by a temporary raise.
 */
import type { SettingChange } from './types.js';

/** What the max_users decision looks at: the values before and after, and the member counts around the changes. */
export interface CapacityInput {
  /** max_users live now; undefined when the server did not show it. */
  liveMax: number | undefined;
  /** max_users when the plan is done: config, else live. */
  targetMax: number | undefined;
  /** Members now, owner included. */
  liveCount: number;
  /** Members once removals (step 4) and additions (step 5) have run, owner included. */
  peakCount: number;
}

/** Where the max_users changes go in the step sequence, so no moment exceeds the value in force. */
export interface CapacityPlan {
  /** The max_users change of the first update (step 2), if any. */
  early?: SettingChange<number>;
  /** The max_users change of the late update (step 9), if any. */
  late?: SettingChange<number>;
  /** The early raise is only there to let the peak through. */
  temporary: boolean;
}

/** The max_users changes of one group: raise early enough for the peak, lower only after the removals. */
export function planCapacity({ liveMax, targetMax, liveCount, peakCount }: CapacityInput): CapacityPlan {
  if (targetMax === undefined) return { temporary: false };
  if (liveMax === undefined) return { early: { from: null, to: targetMax }, temporary: false };
  const raised = targetMax > liveMax;
  const inForce = raised ? targetMax : liveMax;
  const peak = Math.max(liveCount, peakCount);
  if (peak > inForce) {
    return { early: { from: liveMax, to: peak }, late: { from: peak, to: targetMax }, temporary: true };
  }
  if (raised) return { early: { from: liveMax, to: targetMax }, temporary: false };
  if (targetMax < liveMax) return { late: { from: liveMax, to: targetMax }, temporary: false };
  return { temporary: false };
}

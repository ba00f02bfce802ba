/**
 * The allow list and the block list of one group (FACTS.md "Group features"): what to
 * add and take off, and the rules the order keeps. Both lists are members only: the
 * allow list is checked against the membership the plan ends with; a blocked user is not
 * a member (blocking removes the member, so a block stands in for the remove-member), a
 * user to block who is not a member is added first (only members can be blocked), and a
 * blocked user to add is unblocked first. The owner is never blocked.
 */
import type { DesiredGroup, LiveGroup } from '../model/group.js';
import type { MembershipDiff } from './diff.js';
import { allowNotMember, ownerBlocked } from './plan-errors.js';
import { minus, sorted, union } from './sets.js';
import type { PlanError } from './types.js';

/** Sorted lists of names; all empty where config leaves the list out. */
export interface ListDiff {
  addAllow: string[];
  removeAllow: string[];
  block: string[];
  unblock: string[];
}

const NONE: ListDiff = { addAllow: [], removeAllow: [], block: [], unblock: [] };

/** The list steps of an existing group (live lists read where config declares them). */
export function diffLists(desired: DesiredGroup, live: Pick<LiveGroup, 'allowList' | 'blockList'>): ListDiff {
  if (desired.allowList === undefined && desired.blockList === undefined) return NONE;
  const liveAllow = new Set(live.allowList ?? []);
  const liveBlocks = new Set(live.blockList ?? []);
  const allow = new Set(desired.allowList ?? []);
  const blocks = new Set(desired.blockList ?? []);
  return {
    addAllow: desired.allowList === undefined ? [] : sorted(minus(allow, liveAllow)),
    removeAllow: desired.allowList === undefined ? [] : sorted(minus(liveAllow, allow)),
    block: desired.blockList === undefined ? [] : sorted(minus(blocks, liveBlocks)),
    unblock: desired.blockList === undefined ? [] : sorted(minus(liveBlocks, blocks)),
  };
}

/** The list steps of a group this plan creates: it has no list yet. */
export function createLists(desired: DesiredGroup): ListDiff {
  return { addAllow: [...(desired.allowList ?? [])], removeAllow: [], block: [...(desired.blockList ?? [])], unblock: [] };
}

/** Everyone in the group when its plan is done, the owner included. */
export function finalMembership(live: LiveGroup, m: MembershipDiff): Set<string> {
  const leaving = new Set([...m.removeMembers, ...(m.oldOwnerLeaves ? [m.oldOwner] : [])]);
  return minus(union(live.members, [live.owner, m.newOwner], m.addMembers), leaving);
}

/** Plan errors of the lists: an allow-listed user who will not be a member, a blocked owner. */
export function listErrors(desired: DesiredGroup, owner: string, members: ReadonlySet<string>): PlanError[] {
  const errors: PlanError[] = [];
  const outside = (desired.allowList ?? []).filter((u) => !members.has(u));
  if (outside.length > 0) errors.push(allowNotMember(desired, outside));
  if (desired.blockList?.includes(owner)) errors.push(ownerBlocked(desired, owner));
  return errors;
}

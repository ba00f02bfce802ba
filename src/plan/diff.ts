/**
 * What differs between a desired group and its live state: settings and the
 * want/have sets of owner, admins and members. No ordering here (see order.ts).
 */
import { liveMemberCount, SETTING_NAMES, type Binding, type DesiredGroup, type LiveGroup, type SettingName, type Settings } from '../model/group.js';
import type { SettingChange } from './types.js';
import { minus, sorted, union } from './sets.js';

/**
 * Walks the union of the keys of `desired` and `live`, in `order` first and any other
 * key after it (sorted), calling `visit` once per key. Allocates nothing for keys in
 * `order`: the planner calls it once per group, a million times for a large app.
 */
export function walkUnion<K extends string, V>(
  order: readonly K[],
  desired: Partial<Record<K, V>>,
  live: Partial<Record<K, V>>,
  visit: (key: K, desiredValue: V | undefined, liveValue: V | undefined) => void,
): void {
  for (const key of order) if (Object.hasOwn(desired, key) || Object.hasOwn(live, key)) visit(key, desired[key], live[key]);
  let rest: Set<K> | undefined;
  for (const side of [desired, live]) {
    for (const key of Object.keys(side) as K[]) if (!order.includes(key)) (rest ??= new Set()).add(key);
  }
  if (rest !== undefined) for (const key of sorted(rest) as K[]) visit(key, desired[key], live[key]);
}

/** How the live settings differ from the desired ones: what to change, and what cannot be known. */
export interface SettingsDiff {
  /** Every managed setting whose value must change, in SETTING_NAMES order. */
  changes: Partial<Record<SettingName, SettingChange>>;
  /** Settings whose live value nobody knows (the API does not show them and groupctl never wrote them). */
  unknown: SettingName[];
}

/**
 * A setting left out of config is not managed. `invite_need_confirm` is not returned by
 * the details call, so when it is missing live it is compared with what groupctl last wrote.
 */
export function diffSettings(desired: Settings, live: Settings, written: Binding['written']): SettingsDiff {
  const changes: SettingsDiff['changes'] = {};
  const unknown: SettingName[] = [];
  walkUnion<SettingName, Settings[SettingName]>(SETTING_NAMES, desired, live, (key, want, liveValue) => {
    if (want === undefined) return;
    // written.allow_invites records a value the service did not keep (model/group.ts), never a live value.
    const have = liveValue ?? (key === 'invite_need_confirm' ? written?.invite_need_confirm : undefined);
    if (want === have) return;
    if (have === undefined) unknown.push(key);
    changes[key] = { from: have ?? null, to: want };
  });
  return { changes, unknown };
}

/** The want/have sets of one existing group. Every list is sorted. */
export interface MembershipDiff {
  oldOwner: string;
  newOwner: string;
  /** Admins when the plan is done (the owner is never among them). */
  finalAdminCount: number;
  /** Members when the plan is done, owner excluded, admins included. */
  finalMemberCount: number;
  /** Admins to demote who stay in the group, and the owner-to-be if it is an admin now. */
  removeAdmins: string[];
  /** Members who must go, the current owner excluded (it can only leave after the transfer). */
  removeMembers: string[];
  /** Users who must join, the owner-to-be included. */
  addMembers: string[];
  /** Users to promote once they are members (the old owner included). */
  addAdmins: string[];
  /** The old owner must leave after handing over ownership. */
  oldOwnerLeaves: boolean;
}

/**
 * Full desired membership = owner + admins + members. With `admins` absent the live admins
 * count as the admins; with `members` absent nobody is removed and the old owner stays.
 * Live admins that were not read (plan/reads.ts) only happen where neither is managed and
 * the owner stays, and then they play no part.
 */
export function diffMembership(desired: DesiredGroup, live: LiveGroup): MembershipDiff {
  const oldOwner = live.owner;
  const newOwner = desired.owner ?? live.owner;
  const liveAdminList = live.admins ?? [];
  if (newOwner === oldOwner && !blocksMember(desired, live) && membershipMatches(desired, live, liveAdminList)) {
    // Most groups have no drift: sorted lists compared in one pass, no sets built.
    return {
      oldOwner,
      newOwner,
      finalAdminCount: liveAdminList.length,
      finalMemberCount: liveMemberCount(live) - 1,
      removeAdmins: [],
      removeMembers: [],
      addMembers: [],
      addAdmins: [],
      oldOwnerLeaves: false,
    };
  }

  const owners = new Set([newOwner]);
  const liveMembers = new Set(live.members);
  const liveAdmins = new Set(liveAdminList);
  // A blocked user is not a member (FACTS.md: blocking removes the member): config says so where it lists members; here it holds where it does not.
  const blocked = new Set(desired.blockList ?? []);

  const finalAdmins = minus(desired.admins ?? liveAdminList, owners, blocked);
  const finalMembers =
    desired.members === undefined
      ? minus(union(liveMembers, [oldOwner], finalAdmins), owners, blocked)
      : minus(union(desired.members, finalAdmins), owners, blocked);

  const ownerChanges = newOwner !== oldOwner;
  const demote = minus(liveAdmins, finalAdmins);
  const removeAdmins = sorted([...demote].filter((u) => finalMembers.has(u) || (ownerChanges && u === newOwner)));
  const removeMembers = sorted(minus(liveMembers, finalMembers, owners));
  const addMembers = sorted(minus(union(finalMembers, owners), liveMembers, new Set([oldOwner])));
  const addAdmins = sorted(minus(finalAdmins, liveAdmins));
  const oldOwnerLeaves = ownerChanges && !finalMembers.has(oldOwner);
  // Members not read by name (a partial list) are neither added nor removed here, but they count.
  const unread = live.memberCount === undefined ? 0 : live.memberCount - 1 - live.members.length;

  return {
    oldOwner,
    newOwner,
    finalAdminCount: finalAdmins.size,
    finalMemberCount: finalMembers.size + unread,
    removeAdmins,
    removeMembers,
    addMembers,
    addAdmins,
    oldOwnerLeaves,
  };
}

/** Whether config blocks a user who is a member now (then the full comparison runs). */
function blocksMember(desired: DesiredGroup, live: LiveGroup): boolean {
  if (desired.blockList === undefined || desired.blockList.length === 0) return false;
  const members = new Set(live.members);
  return desired.blockList.some((u) => members.has(u) || u === live.owner);
}

/**
 * True when the owner stays and the config asks for exactly the live admins and members.
 * Works on sorted lists; a list that is not strictly sorted answers false, and the full
 * comparison decides instead.
 */
function membershipMatches(desired: DesiredGroup, live: LiveGroup, liveAdmins: readonly string[]): boolean {
  const owner = live.owner;
  if (desired.admins !== undefined && !sameSorted(desired.admins, [], owner, liveAdmins)) return false;
  if (desired.members !== undefined && !sameSorted(desired.members, desired.admins ?? liveAdmins, owner, live.members)) return false;
  return true;
}

/** Whether the lists `a` and `b` merged, `skip` left out, equal `target`; false unless `a` and `b` are strictly sorted. */
function sameSorted(a: readonly string[], b: readonly string[], skip: string, target: readonly string[]): boolean {
  if (!strictlySorted(a) || !strictlySorted(b)) return false;
  let i = 0;
  let j = 0;
  let t = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    let next: string;
    if (y === undefined || (x !== undefined && x < y)) next = a[i++]!;
    else if (x === undefined || y < x) next = b[j++]!;
    else {
      next = x;
      i++;
      j++;
    }
    if (next === skip) continue;
    if (target[t] !== next) return false;
    t++;
  }
  return t === target.length;
}

function strictlySorted(list: readonly string[]): boolean {
  for (let i = 1; i < list.length; i++) if (!(list[i - 1]! < list[i]!)) return false;
  return true;
}

/** Final membership of a group this plan creates: everyone but the owner, sorted. */
export function desiredMembersOf(desired: DesiredGroup & { owner: string }): { admins: string[]; members: string[] } {
  const owners = new Set([desired.owner]);
  const admins = minus(desired.admins ?? [], owners);
  return { admins: sorted(admins), members: sorted(minus(union(desired.members ?? [], admins), owners)) };
}

/**
 * What differs between a desired group and its live state: settings and the
 * want/have sets of owner, admins and members. No ordering here (see order.ts).
 */
import { SETTING_NAMES, type Binding, type DesiredGroup, type LiveGroup, type SettingName, type Settings } from '../model/group.js';
import type { SettingChange } from './types.js';
import { minus, sorted, union } from './sets.js';

/**
 * Walks the union of the keys of `desired` and `live`, in `order` first and any other
 * key after it (sorted), calling `visit` once per key.
 */
export function walkUnion<K extends string, V>(
  order: readonly K[],
  desired: Partial<Record<K, V>>,
  live: Partial<Record<K, V>>,
  visit: (key: K, desiredValue: V | undefined, liveValue: V | undefined) => void,
): void {
  const present = new Set<K>([...(Object.keys(desired) as K[]), ...(Object.keys(live) as K[])]);
  const rest = sorted([...present].filter((k) => !order.includes(k))) as K[];
  for (const key of [...order.filter((k) => present.has(k)), ...rest]) visit(key, desired[key], live[key]);
}

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
  const known: Settings = { ...written, ...dropUndefined(live) };
  walkUnion<SettingName, Settings[SettingName]>(SETTING_NAMES, desired, known, (key, want, have) => {
    if (want === undefined || want === have) return;
    if (have === undefined) unknown.push(key);
    changes[key] = { from: have ?? null, to: want };
  });
  return { changes, unknown };
}

function dropUndefined(settings: Settings): Settings {
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as Settings;
}

/** The want/have sets of one existing group. Every list is sorted. */
export interface MembershipDiff {
  oldOwner: string;
  newOwner: string;
  /** Admins when the plan is done (the owner is never among them). */
  finalAdmins: Set<string>;
  /** Members when the plan is done, owner excluded, admins included. */
  finalMembers: Set<string>;
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
 */
export function diffMembership(desired: DesiredGroup, live: LiveGroup): MembershipDiff {
  const oldOwner = live.owner;
  const newOwner = desired.owner ?? live.owner;
  const owners = new Set([newOwner]);
  const liveMembers = new Set(live.members);
  const liveAdmins = new Set(live.admins);

  const finalAdmins = minus(desired.admins ?? live.admins, owners);
  const finalMembers =
    desired.members === undefined
      ? minus(union(liveMembers, [oldOwner], finalAdmins), owners)
      : minus(union(desired.members, finalAdmins), owners);

  const ownerChanges = newOwner !== oldOwner;
  const demote = minus(liveAdmins, finalAdmins);
  const removeAdmins = sorted([...demote].filter((u) => finalMembers.has(u) || (ownerChanges && u === newOwner)));
  const removeMembers = sorted(minus(liveMembers, finalMembers, owners));
  const addMembers = sorted(minus(union(finalMembers, owners), liveMembers, new Set([oldOwner])));
  const addAdmins = sorted(minus(finalAdmins, liveAdmins));
  const oldOwnerLeaves = ownerChanges && !finalMembers.has(oldOwner);

  return { oldOwner, newOwner, finalAdmins, finalMembers, removeAdmins, removeMembers, addMembers, addAdmins, oldOwnerLeaves };
}

/** Final membership of a group this plan creates: everyone but the owner, sorted. */
export function desiredMembersOf(desired: DesiredGroup & { owner: string }): { admins: string[]; members: string[] } {
  const owners = new Set([desired.owner]);
  const admins = minus(desired.admins ?? [], owners);
  return { admins: sorted(admins), members: sorted(minus(union(desired.members ?? [], admins), owners)) };
}

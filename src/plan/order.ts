/**
 * The per-group step sequence, ordered so that every step is valid on the server at the
 * moment it runs (CONTRACT.md "Plan"; the server rules are those of the emulator):
 *   1 enable · 2 update (raises) · 3 remove-allow · 4 remove-admin · 5 remove-member ·
 *   6 unblock · 7 add-member · 8 transfer · 9 remove the old owner · 10 block ·
 *   11 add-admin · 12 add-allow · 13 mute-all / unmute-all, set-announcement ·
 *   14 update (lowers max_users) · 15 disable
 * Removals come before add-admin so the 99-admin cap holds throughout; mute-all and the
 * lists ride inside the enable/disable bracket, as a disabled group refuses every change.
 * The list rules (plan/lists.ts): a member leaves the allow list before the group; a
 * blocked user is unblocked before an add; a block removes the member, so it stands in
 * for that member's remove-member; only members can be blocked, so a user to block who
 * is not a member is added first; the allow list is filled once everyone has joined.
 */
import { LIMITS, liveMemberCount, publicOnCreate, SETTING_NAMES, type DesiredGroup, type LiveGroup, type Settings } from '../model/group.js';
import type { Step, UpdateDetails } from './types.js';
import type { MembershipDiff, SettingsDiff } from './diff.js';
import { planCapacity } from './capacity.js';
import type { ListDiff } from './lists.js';
import { announcementStep, bareStep, createStep, joinReasons, transferStep, updateStep, userStep, type Target } from './steps.js';
import { append } from '../util/append.js';

/** A live group, what it should become, and the differences already computed. */
export interface ExistingGroupInput {
  target: Target & { id: string };
  desired: DesiredGroup;
  live: LiveGroup;
  settings: SettingsDiff;
  membership: MembershipDiff;
  lists: ListDiff;
}

/** Members (owner included) at the end of a group's plan. */
export function finalCount(membership: MembershipDiff): number {
  return 1 + membership.finalMemberCount;
}

/** The steps that turn a live group into the desired one, in the order the header gives. */
export function orderExisting({ target, desired, live, settings, membership: m, lists }: ExistingGroupInput): Step[] {
  const liveCount = liveMemberCount(live);
  // Sets only when something is blocked: most groups block no one, and 50,000 of them made two sets each (issue 23).
  const blocking = lists.block.length > 0 ? new Set(lists.block) : undefined;
  const removes = blocking ? m.removeMembers.filter((u) => !blocking.has(u)) : m.removeMembers;
  const inGroup = blocking && new Set([...live.members, live.owner, ...m.addMembers]);
  const joinToBlock = inGroup ? lists.block.filter((u) => !inGroup.has(u)) : [];
  const capacity = planCapacity({
    liveMax: live.settings.max_users,
    targetMax: desired.settings.max_users ?? live.settings.max_users,
    liveCount,
    peakCount: liveCount - removes.length + m.addMembers.length + joinToBlock.length,
  });

  const changes: Step[] = [];
  const early = earlyUpdate(target, settings, capacity);
  if (early) changes.push(early);
  append(changes, membershipSteps(target, m, lists, removes, joinToBlock));
  const mute = muteStep(target, desired, live);
  if (mute) changes.push(mute);
  if (desired.announcement !== undefined && desired.announcement !== live.announcement) {
    changes.push(announcementStep(target, live.announcement ?? null, desired.announcement));
  }
  if (capacity.late) {
    const why = capacity.temporary ? 'back from the temporary raise' : 'lowered after the removals, so the members fit at every moment';
    changes.push(updateStep(target, { max_users: capacity.late }, `max_users ${why}`));
  }
  return wrapDisabled(target, desired, live, changes);
}

/** The first update: every changed setting, max_users only as far as it rises now. */
function earlyUpdate(target: Target, settings: SettingsDiff, capacity: ReturnType<typeof planCapacity>): Step | undefined {
  const early: UpdateDetails['changes'] = {};
  for (const name of SETTING_NAMES) {
    const change = name === 'max_users' ? capacity.early : settings.changes[name];
    if (change) early[name] = change;
  }
  if (Object.keys(early).length === 0) return undefined;
  return updateStep(
    target,
    early,
    joinReasons([
      ...settings.unknown.map((name) => `${name} is not shown by the API and groupctl has not set it yet; set to be sure`),
      capacity.temporary
        ? `max_users raised for now to ${capacity.early?.to}: members peak there before the old owner leaves after the transfer (or users joined to be blocked are blocked); lowered again at the end`
        : undefined,
    ]),
  );
}

/** Steps 3 to 12 of the header: the lists, admins, members and the owner. */
function membershipSteps(target: Target, m: MembershipDiff, lists: ListDiff, removes: readonly string[], joinToBlock: readonly string[]): Step[] {
  const ownerChanges = m.newOwner !== m.oldOwner;
  const changes: Step[] = [];
  for (const user of lists.removeAllow) changes.push(userStep(target, 'remove-allow', user));
  for (const user of m.removeAdmins) {
    const why = user === m.newOwner ? 'the owner-to-be is an admin now and an owner is never an admin' : undefined;
    changes.push(userStep(target, 'remove-admin', user, why));
  }
  for (const user of removes) changes.push(userStep(target, 'remove-member', user));
  for (const user of lists.unblock) changes.push(userStep(target, 'unblock', user, m.addMembers.includes(user) ? 'a blocked user is unblocked before the add' : undefined));
  for (const user of m.addMembers) {
    changes.push(userStep(target, 'add-member', user, user === m.newOwner ? 'the owner-to-be must be a member first' : undefined));
  }
  for (const user of joinToBlock) changes.push(userStep(target, 'add-member', user, JOIN_TO_BLOCK));
  if (ownerChanges) changes.push(transferStep(target, m.oldOwner, m.newOwner));
  if (m.oldOwnerLeaves && !lists.block.includes(m.oldOwner)) {
    changes.push(userStep(target, 'remove-member', m.oldOwner, 'the old owner stays as a member after the transfer but is not wanted'));
  }
  for (const user of lists.block) changes.push(userStep(target, 'block', user));
  for (const user of m.addAdmins) {
    changes.push(userStep(target, 'add-admin', user, user === m.oldOwner && ownerChanges ? 'the old owner becomes an admin after the transfer' : undefined));
  }
  for (const user of lists.addAllow) changes.push(userStep(target, 'add-allow', user));
  return changes;
}

const JOIN_TO_BLOCK = 'only members can be blocked: added, then blocked';

/** mute_all as config declares it, when live differs (or the details call did not show it). */
function muteStep(target: Target, desired: DesiredGroup, live: LiveGroup): Step | undefined {
  if (desired.muteAll === undefined || desired.muteAll === live.muteAll) return undefined;
  const why = live.muteAll === undefined ? 'the details call does not show mute; set to be sure' : undefined;
  return bareStep(target, desired.muteAll ? 'mute-all' : 'unmute-all', why ?? `mute_all: ${desired.muteAll} in config`);
}

/** A disabled group cannot be changed, so it is enabled first and, if it must stay disabled, disabled again last. */
function wrapDisabled(target: Target, desired: DesiredGroup, live: LiveGroup, changes: Step[]): Step[] {
  const wantDisabled = desired.disabled ?? live.disabled;
  if (!live.disabled) return wantDisabled ? [...changes, bareStep(target, 'disable', 'disabled: true in config')] : changes;
  if (!wantDisabled) return [bareStep(target, 'enable', 'disabled: false in config'), ...changes];
  if (changes.length === 0) return [];
  return [
    bareStep(target, 'enable', 'the group is disabled and cannot be changed while it is; it is disabled again after the changes'),
    ...changes,
    bareStep(target, 'disable', 'disabled again after the changes, as it must stay disabled'),
  ];
}

/** A group to create: its owner, admins and members decided, and why it is created. */
export interface NewGroupInput {
  target: Target;
  desired: DesiredGroup & { owner: string };
  admins: string[];
  members: string[];
  lists: ListDiff;
  /** Why a create (a bound group that vanished). */
  reason?: string;
}

/** max_users for a group this plan creates: config, else the server default (a large group's own). */
export function createMax(desired: DesiredGroup): number {
  return desired.settings.max_users ?? (desired.scale === 'large' ? LIMITS.defaultMaxUsersLarge : LIMITS.defaultMaxUsers);
}

/**
 * A create with the owner and one batch of initial members (the create's max_users must
 * fit them), then the rest of the members, then admins, then disable.
 */
export function orderCreate({ target, desired, admins, members, lists, reason }: NewGroupInput): Step[] {
  const firstBatch = Math.max(0, Math.min(LIMITS.memberBatch, createMax(desired) - 1));
  const initial = members.slice(0, firstBatch);
  const settings = createSettings(desired.settings);
  const why = joinReasons([reason, desired.settings.public === undefined ? PUBLIC_DEFAULT_REASON : undefined]);
  const steps: Step[] = [createStep(target, settings, desired.owner, initial, why, desired.scale)];
  for (const user of members.slice(firstBatch)) steps.push(userStep(target, 'add-member', user));
  for (const user of lists.block) steps.push(userStep(target, 'add-member', user, JOIN_TO_BLOCK));
  for (const user of lists.block) steps.push(userStep(target, 'block', user));
  for (const user of admins) steps.push(userStep(target, 'add-admin', user));
  for (const user of lists.addAllow) steps.push(userStep(target, 'add-allow', user));
  // A new group is not muted: only `mute_all: true` needs a call.
  if (desired.muteAll === true) steps.push(bareStep(target, 'mute-all', 'mute_all: true in config'));
  if (desired.announcement !== undefined && desired.announcement !== '') steps.push(announcementStep(target, '', desired.announcement));
  if (desired.disabled === true) steps.push(bareStep(target, 'disable', 'disabled: true in config'));
  return steps;
}

const PUBLIC_DEFAULT_REASON = 'public: false, as the create call requires a value and config leaves it out';

/** Managed settings in SETTING_NAMES order; `public` is required by the create call, so a private group unless config says otherwise. */
function createSettings(settings: Settings): Settings {
  const out: Record<string, unknown> = {};
  for (const name of SETTING_NAMES) {
    const value = name === 'public' ? publicOnCreate(settings) : settings[name];
    if (value !== undefined) out[name] = value;
  }
  return out as Settings;
}

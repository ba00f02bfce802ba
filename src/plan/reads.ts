/**
 * What a plan needs read of one live group beyond the details call (issue 11, lazy reads).
 * The details call gives settings, owner, disabled and up to 10,000 members; the admin list
 * and the paged member list cost a call each per group, so they are read only where the
 * plan can use them. The same rule, applied to a saved plan's steps, says what its
 * fingerprints cover, so `apply --plan` re-reads exactly that.
 */
import type { DesiredGroup, LiveGroup, LiveReads } from '../model/group.js';
import type { Action, Step } from './types.js';

/** Which parts of a live group a plan needs (defined in model/group.ts, beside LiveGroup). */
export type { LiveReads };

/** Every part: for groups whose membership or admins the plan manages. */
export const READ_ALL: LiveReads = { admins: true, members: true };
/** The details call only: enough for settings, owner and disabled. */
export const READ_DETAILS: LiveReads = { admins: false, members: false };

/**
 * For a group the config declares, given the owner the details call shows: admins and the
 * full member list matter only when the plan compares membership, that is when the config
 * manages admins or members or moves the ownership (the owner-to-be may be an admin, and must
 * be a member). Settings, `disabled`, dismissal and the capacity check need the details only
 * (the member count stands in for a list the details call cut short).
 */
export function readsFor(desired: DesiredGroup, liveOwner: string): LiveReads {
  if (desired.ensure === 'dismissed') return READ_DETAILS;
  // Both lists are about members: whether a listed user is a member decides the steps.
  const lists = desired.allowList !== undefined || desired.blockList !== undefined;
  const membership =
    lists || desired.admins !== undefined || desired.members !== undefined || (desired.owner !== undefined && desired.owner !== liveOwner);
  // Without features, the read set in one literal (asked twice per group of a large read, issue 23).
  if (desired.announcement === undefined && !lists) return { admins: membership, members: membership };
  // The announcement and each list cost a call per group: read only where config declares them.
  return withFeatures(membership ? READ_ALL : READ_DETAILS, {
    announcement: desired.announcement !== undefined,
    allowList: desired.allowList !== undefined,
    blockList: desired.blockList !== undefined,
  });
}

/** Steps that depend on who is a member or an admin; any other step depends on the details alone. */
const MEMBERSHIP_ACTIONS: ReadonlySet<Action> = new Set<Action>([
  'transfer', 'add-member', 'remove-member', 'add-admin', 'remove-admin', 'add-allow', 'remove-allow', 'block', 'unblock',
]);

/** What a saved plan's fingerprint of one group covers: the parts its steps depend on. */
export function readsForSteps(steps: Iterable<Pick<Step, 'action'>>): LiveReads {
  let membership = false;
  const features: Features = { announcement: false, allowList: false, blockList: false };
  for (const step of steps) {
    if (MEMBERSHIP_ACTIONS.has(step.action)) membership = true;
    if (step.action === 'set-announcement') features.announcement = true;
    if (step.action === 'add-allow' || step.action === 'remove-allow') features.allowList = true;
    if (step.action === 'block' || step.action === 'unblock') features.blockList = true;
  }
  return withFeatures(membership ? READ_ALL : READ_DETAILS, features);
}

type Features = Required<Pick<LiveReads, 'announcement' | 'allowList' | 'blockList'>>;
const FEATURES = ['announcement', 'allowList', 'blockList'] as const;

/** The optional reads set only when true, so a read set without them stays as it was. */
function withFeatures(base: LiveReads, features: Features): LiveReads {
  const reads: LiveReads = { ...base };
  for (const name of FEATURES) if (features[name]) reads[name] = true;
  return reads;
}

/** The union of two read sets: a group several keys or steps refer to is read once, for all of them. */
export function joinReads(a: LiveReads, b: LiveReads): LiveReads {
  const joined: LiveReads = { admins: a.admins || b.admins, members: a.members || b.members };
  for (const name of FEATURES) if (a[name] === true || b[name] === true) joined[name] = true;
  return joined;
}

/** Parts a plan needs that this live group lacks; empty when it was read well enough. */
export function missingReads(live: LiveGroup, needed: LiveReads): string[] {
  const missing: string[] = [];
  if (needed.admins && live.admins === undefined) missing.push('admins');
  if (needed.members && live.memberCount !== undefined) missing.push('members');
  if (needed.announcement === true && live.announcement === undefined) missing.push('announcement');
  if (needed.allowList === true && live.allowList === undefined) missing.push('allow list');
  if (needed.blockList === true && live.blockList === undefined) missing.push('block list');
  return missing;
}

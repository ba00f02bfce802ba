/**
 * Tiny builders for steps, so the ordering code reads as a sequence of actions.
 * A step never carries an `undefined` field: a plan must survive a JSON round trip unchanged.
 */
import type { Settings } from '../model/group.js';
import type { Step, UpdateDetails } from './types.js';

/** Where a group's steps go: its config key and, once it exists, its live id. */
export interface Target {
  group: string;
  /** Absent for a group this plan creates. */
  id?: string;
}

type UserAction = 'add-member' | 'remove-member' | 'add-admin' | 'remove-admin' | 'add-allow' | 'remove-allow' | 'block' | 'unblock';
type BareAction = 'enable' | 'disable' | 'mute-all' | 'unmute-all';

function base(target: Target): { group: string; group_id?: string } {
  return target.id === undefined ? { group: target.group } : { group: target.group, group_id: target.id };
}

function withReason<S extends Step>(step: S, reason: string | undefined): S {
  return reason === undefined || reason === '' ? step : { ...step, reason };
}

/** Add or remove one member, admin, allow-list or block-list entry. */
export function userStep(target: Target, action: UserAction, user: string, reason?: string): Step {
  return withReason({ ...base(target), action, details: { user } }, reason);
}

/** Enable, disable, mute or unmute a group. */
export function bareStep(target: Target, action: BareAction, reason?: string): Step {
  return withReason({ ...base(target), action, details: {} }, reason);
}

/** Dismiss a group, recording its owner and member count for apply and the removal guard. */
export function dismissStep(target: Target, owner: string, reason?: string, members?: number): Step {
  return withReason({ ...base(target), action: 'dismiss', details: members === undefined ? { owner } : { owner, members } }, reason);
}

/** Change settings in one modify call. */
export function updateStep(target: Target, changes: UpdateDetails['changes'], reason?: string): Step {
  return withReason({ ...base(target), action: 'update', details: { changes } }, reason);
}

/** Hand ownership from the live owner to the desired one. */
export function transferStep(target: Target, from: string, to: string, reason?: string): Step {
  return withReason({ ...base(target), action: 'transfer', details: { from, to } }, reason);
}

/** Create a group with its owner and initial members in one call. */
export function createStep(target: Target, settings: Settings, owner: string, members: string[], reason?: string, scale?: 'large'): Step {
  const details = scale === undefined ? { settings, owner, members } : { settings, owner, members, scale };
  return withReason({ ...base(target), action: 'create', details }, reason);
}

/** Replace the announcement. */
export function announcementStep(target: Target, from: string | null, to: string, reason?: string): Step {
  return withReason({ ...base(target), action: 'set-announcement', details: { from, to } }, reason);
}

/** Joins the reasons that apply to one step; undefined when there are none. */
export function joinReasons(reasons: ReadonlyArray<string | undefined>): string | undefined {
  const present = reasons.filter((r): r is string => r !== undefined && r !== '');
  return present.length === 0 ? undefined : present.join('; ');
}

/** Bind a key to an unbound live group of the same owner and name (no API call). */
export function importStep(target: Target & { id: string }, owner: string, name: string, reason?: string): Step {
  return withReason({ ...base(target), action: 'import', details: { owner, name } }, reason);
}

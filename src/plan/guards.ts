/**
 * Guards: problems that make a plan unsafe to apply. They become `plan.errors` (never
 * thrown), all of them collected, so the CLI can refuse before the first mutation.
 */
import { LIMITS, type DesiredGroup } from '../model/group.js';
import type { Plan, PlanError } from './types.js';

function at(desired: DesiredGroup): string {
  const { file, line, col } = desired.source;
  return file ? ` (${file}:${line}:${col})` : '';
}

function error(desired: DesiredGroup, message: string): PlanError {
  return { group: desired.key, message: `group ${desired.key}: ${message}${at(desired)}` };
}

/** Members (owner included) must fit max_users at the end; the order takes care of every moment before. */
export function checkCapacity(desired: DesiredGroup, count: number, maxUsers: number | undefined): PlanError[] {
  if (maxUsers === undefined || count <= maxUsers) return [];
  return [error(desired, `${count} members (owner included) do not fit max_users ${maxUsers}`)];
}

/** owner + admins <= 100 (FACTS.md "Limits"). */
export function checkAdmins(desired: DesiredGroup, count: number): PlanError[] {
  if (count <= LIMITS.maxAdmins) return [];
  return [error(desired, `${count} admins exceed the limit of ${LIMITS.maxAdmins}`)];
}

export function missingOwner(desired: DesiredGroup): PlanError {
  return error(desired, 'an owner is required to create the group');
}

export function idNotFound(desired: DesiredGroup, id: string): PlanError {
  return error(desired, `id ${id} does not exist`);
}

export function liveNotRead(desired: DesiredGroup, id: string): PlanError {
  return error(desired, `the live state of id ${id} was not read`);
}

/** The live read skipped parts this group's plan needs (plan/reads.ts decides what to read). */
export function livePartsNotRead(desired: DesiredGroup, id: string, parts: readonly string[]): PlanError {
  return error(desired, `the live ${parts.join(' and ')} of id ${id} were not read`);
}

export function protectedDismiss(desired: DesiredGroup): PlanError {
  return error(desired, 'ensure: dismissed on a group with protect: true; refusing to dismiss');
}

export function severalCandidates(desired: DesiredGroup, owner: string, name: string, ids: readonly string[]): PlanError {
  return error(
    desired,
    `${ids.length} live groups bound to no key have owner ${owner} and name ${JSON.stringify(name)} (${ids.join(', ')}); ` +
      `groupctl cannot tell which one this key is: add \`id: "ONE_OF_THEM"\` to the group in config`,
  );
}

export function missingUsers(desired: DesiredGroup, users: readonly string[]): PlanError {
  const who = users.length === 1 ? `user ${users[0]} does not` : `users ${users.join(', ')} do not`;
  return error(desired, `${who} exist in the app; register them first or fix the config (--no-check-users skips this check)`);
}

export function sharedId(desired: DesiredGroup, id: string, otherKey: string): PlanError {
  return error(desired, `id ${id} is also bound to group ${otherKey}`);
}

/** Steps that take someone out of a group or a role: the base of apply's removal guard. */
export function countRemovals(plan: Plan): number {
  return plan.steps.filter((s) => s.action === 'remove-member' || s.action === 'remove-admin').length;
}

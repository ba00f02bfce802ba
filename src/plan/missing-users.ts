/**
 * Users a plan would add to a group, so the CLI can ask the service whether they exist
 * (apply would meet "username X doesn't exist!" half-way), and the plan errors for the
 * ones that do not. Pure: the look-up itself happens in live/.
 */
import type { DesiredState, LiveGroup } from '../model/group.js';
import { missingUsers } from './plan-errors.js';
import type { Plan } from './types.js';

/** Every user a step adds (create owner and members, transfer target, add-member, add-admin), lowercased, with the keys that add them. */
export function usersAdded(plan: Plan): Map<string, Set<string>> {
  const added = new Map<string, Set<string>>();
  const add = (user: string, key: string): void => {
    const u = user.toLowerCase();
    let keys = added.get(u);
    if (keys === undefined) added.set(u, (keys = new Set()));
    keys.add(key);
  };
  for (const step of plan.steps) {
    switch (step.action) {
      case 'create':
        add(step.details.owner, step.group);
        for (const m of step.details.members) add(m, step.group);
        break;
      case 'transfer':
        add(step.details.to, step.group);
        break;
      case 'add-member':
      case 'add-admin':
        add(step.details.user, step.group);
        break;
      default:
        break;
    }
  }
  return added;
}

/**
 * Every user the config names (owners, admins, members), lowercased: a step adds only these
 * (usersAdded), so of a live group whose membership the plan does not compare, only these
 * names can spare a look-up in usersToLookUp; the reader keeps no other (live/read-live.ts).
 */
export function usersNamed(desired: DesiredState): Set<string> {
  const named = new Set<string>();
  for (const group of desired.groups.values()) {
    if (group.owner !== undefined) named.add(group.owner.toLowerCase());
    for (const user of group.admins ?? []) named.add(user.toLowerCase());
    for (const user of group.members ?? []) named.add(user.toLowerCase());
  }
  return named;
}

/**
 * The users a plan adds that this run has not already seen in a live group (as owner,
 * admin or member): a user who belongs to a group exists, so only the others cost a
 * `GET /users/{username}`. On a drift check that adds existing users, that is none.
 */
export function usersToLookUp(plan: Plan, live: Iterable<LiveGroup | null>): string[] {
  const unseen = new Set(usersAdded(plan).keys());
  for (const group of live) {
    if (unseen.size === 0) break;
    if (group === null) continue;
    unseen.delete(group.owner.toLowerCase());
    for (const u of group.admins ?? []) unseen.delete(u.toLowerCase());
    for (const u of group.members) unseen.delete(u.toLowerCase());
  }
  return [...unseen].sort();
}

/** The plan with one located error per group that would add a user the app does not have. */
export function withMissingUsers(plan: Plan, desired: DesiredState, missing: readonly string[], hint?: (users: readonly string[]) => string): Plan {
  if (missing.length === 0) return plan;
  const added = usersAdded(plan);
  const byKey = new Map<string, string[]>();
  for (const user of [...missing].sort()) {
    for (const key of added.get(user.toLowerCase()) ?? []) byKey.set(key, [...(byKey.get(key) ?? []), user]);
  }
  const errors = [...plan.errors];
  for (const key of [...byKey.keys()].sort()) {
    const group = desired.groups.get(key);
    const users = byKey.get(key)!;
    const more = hint === undefined ? '' : `; ${hint(users)}`;
    errors.push(group ? missingUsers(group, users, more) : { group: key, message: `group ${key}: users ${users.join(', ')} do not exist in the app${more}` });
  }
  return { ...plan, errors };
}

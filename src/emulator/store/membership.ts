/** Members and admins: adding and removing them, one or a batch at a time. */
import { SERVICE_LIMITS } from '../limits.js';
import { StoreError } from '../store-error.js';
import { invalid } from '../wire-settings.js';
import { changeableGroup, checkUserQuota, forbidden, tooMany, type Group, type StoreState } from './state.js';
import { existingUser } from './users.js';

export interface RemovalRow {
  user: string;
  result: boolean;
  reason?: string;
}

export function addMember(s: StoreState, id: string, user: string): void {
  const group = changeableGroup(s, id);
  const name = existingUser(s, user);
  // FACTS.md "wordings": the doc sources' words for a user already in the group.
  if (name === group.owner || group.members.has(name)) throw forbidden(`can not join this group, reason:user: ${name} already in group: ${id}`);
  refuseBlocked(group, [name]);
  if (group.members.size + 2 > group.maxusers) throw tooMany();
  addToGroup(s, group, [name]);
}

/** Names already in the group are skipped; any unknown name or going over maxusers fails the whole call. */
export function addMembers(s: StoreState, id: string, users: string[]): string[] {
  // FACTS.md "wordings": a batch add over 60 names is refused in the words of a full group.
  checkBatch(users, 'usernames', tooMany);
  const group = changeableGroup(s, id);
  const fresh = new Set<string>();
  for (const user of users) {
    const name = existingUser(s, user);
    if (name !== group.owner && !group.members.has(name)) fresh.add(name);
  }
  refuseBlocked(group, [...fresh]);
  if (group.members.size + 1 + fresh.size > group.maxusers) throw tooMany();
  addToGroup(s, group, [...fresh]);
  return [...fresh];
}

export function removeMember(s: StoreState, id: string, user: string): void {
  const group = changeableGroup(s, id);
  const name = existingUser(s, user);
  if (name === group.owner) throw forbidden('forbidden operation on group owner!');
  if (!group.members.has(name)) {
    throw new StoreError(403, 'forbidden_op', `user: ${name} doesn't exist in group: ${id}`, 'not-member');
  }
  removeFromGroup(s, group, name);
}

/**
 * Per-name outcome; partial success is normal (FACTS.md). Assumption: an unknown
 * user is reported like any other non-member rather than failing the call.
 */
export function removeMembers(s: StoreState, id: string, users: string[]): RemovalRow[] {
  checkBatch(users, 'usernames', () => invalid(`kickMember: kickMembers number more than maxSize : ${SERVICE_LIMITS.batch}`));
  const group = changeableGroup(s, id);
  // FACTS.md "wordings": the owner among the names refuses the whole call, nobody is removed.
  if (users.some((user) => user.toLowerCase() === group.owner)) throw forbidden('forbidden operation on group owner!');
  return users.map((user): RemovalRow => {
    const name = user.toLowerCase();
    if (!group.members.has(name)) return { user: name, result: false, reason: `user: ${name} doesn't exist in group: ${id}` };
    removeFromGroup(s, group, name);
    return { user: name, result: true };
  });
}

export function addAdmin(s: StoreState, id: string, user: string): void {
  const group = changeableGroup(s, id);
  const name = existingUser(s, user);
  // Assumption: the docs give no words for making the owner an admin.
  if (name === group.owner) throw forbidden(`user: ${name} is the owner of group: ${id} and cannot be made admin`);
  if (!group.members.has(name)) {
    throw new StoreError(404, 'resource_not_found', `user: ${name} doesn't exist in group: ${id}`);
  }
  if (group.admins.has(name)) throw forbidden(`user: ${name} is already admin of group: ${id}`);
  // Assumption: the docs give no words for the 100th admin.
  if (group.admins.size >= SERVICE_LIMITS.maxAdmins) {
    throw new StoreError(403, 'exceed_limit', `group: ${id} already has ${SERVICE_LIMITS.maxAdmins} admins (owner + admins <= 100)`);
  }
  group.admins.add(name);
  group.lastModified = s.now();
}

export function removeAdmin(s: StoreState, id: string, user: string): void {
  const group = changeableGroup(s, id);
  const name = existingUser(s, user);
  if (!group.admins.has(name)) throw forbidden(`user:${name} is not admin of group:${id}`);
  group.admins.delete(name);
  group.lastModified = s.now();
}

export function join(s: StoreState, user: string, id: string): void {
  let ids = s.joined.get(user);
  if (ids === undefined) s.joined.set(user, (ids = new Set()));
  ids.add(id);
}

function addToGroup(s: StoreState, group: Group, users: string[]): void {
  checkUserQuota(s, users);
  for (const user of users) {
    group.members.add(user);
    join(s, user, group.id);
  }
  if (users.length > 0) group.lastModified = s.now();
}

/**
 * FACTS.md: a blocked user cannot be added until unblocked. The words are not documented;
 * assumption: the "can not join this group" form of the already-a-member refusal.
 */
function refuseBlocked(group: Group, users: readonly string[]): void {
  const blocked = users.find((u) => group.blocks.has(u));
  if (blocked !== undefined) {
    throw new StoreError(403, 'forbidden_op', `can not join this group, reason:user: ${blocked} is blocked in group: ${group.id}`);
  }
}

/** Leaving the group drops the admin role and the allow-list entry too (both are members only). */
export function removeFromGroup(s: StoreState, group: Group, user: string): void {
  group.members.delete(user);
  group.admins.delete(user);
  group.allow.delete(user);
  s.joined.get(user)?.delete(group.id);
  group.lastModified = s.now();
}

function checkBatch(users: unknown, field: string, tooLong: () => StoreError): asserts users is string[] {
  if (!Array.isArray(users) || users.length === 0 || users.some((u) => typeof u !== 'string')) {
    throw invalid(`${field} must be provided`);
  }
  if (users.length > SERVICE_LIMITS.batch) throw tooLong();
}

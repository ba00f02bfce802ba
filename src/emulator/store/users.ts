/** The app's users: registration, the user-id rule, and lookups by case-insensitive name. */
import { createHash } from 'node:crypto';
import { SERVICE_LIMITS } from '../limits.js';
import { StoreError } from '../store-error.js';
import { invalid } from '../wire-settings.js';
import type { StoreState } from './state.js';

export function registerUsers(
  s: StoreState,
  users: Array<{ username: string; password?: string }>,
): Array<{ username: string; uuid: string; created: number }> {
  if (!Array.isArray(users) || users.length === 0) throw invalid('users must be provided');
  if (users.length > SERVICE_LIMITS.batch) throw invalid(`register users: number more than maxSize : ${SERVICE_LIMITS.batch}`);
  const names = users.map((u) => checkUserId(u?.username));
  const seen = new Set<string>();
  for (const name of names) {
    if (s.users.has(name) || seen.has(name)) {
      throw new StoreError(
        400,
        'duplicate_unique_property_exists',
        `Entity user requires that property named username be unique, value of ${name} exists`,
      );
    }
    seen.add(name);
  }
  const created = s.now();
  return names.map((username) => {
    s.users.set(username, { created });
    return { username, uuid: userUuid(username), created };
  });
}

export function hasUser(s: StoreState, username: string): boolean {
  return typeof username === 'string' && s.users.has(username.toLowerCase());
}

/** FACTS.md "Users": one user by name; assumption: an unknown one is the vendor's 404 for a missing resource. */
export function getUser(s: StoreState, username: string): { username: string; uuid: string; created: number } {
  const name = typeof username === 'string' ? username.toLowerCase() : '';
  const user = s.users.get(name);
  if (user === undefined) throw new StoreError(404, 'service_resource_not_found', `Service resource not found: user ${String(username)}`);
  return { username: name, uuid: userUuid(name), created: user.created };
}

/** The lowercase name of a registered user, or the 404 group calls give for an unknown one. */
export function existingUser(s: StoreState, user: unknown): string {
  const name = typeof user === 'string' ? user.toLowerCase() : '';
  if (!s.users.has(name)) throw new StoreError(404, 'resource_not_found', `username ${String(user)} doesn't exist!`);
  return name;
}

/** FACTS.md: lowercase a-z, 0-9, `_`, `-`, `.`, at most 64 characters; case-insensitive. */
export function checkUserId(name: unknown): string {
  const user = typeof name === 'string' ? name.toLowerCase() : '';
  if (!SERVICE_LIMITS.userIdPattern.test(user)) {
    throw new StoreError(400, 'illegal_argument', `username [${String(name)}] is not legal`);
  }
  return user;
}

/** Stable per name, so a replayed journal gives the same answers. */
function userUuid(username: string): string {
  const hex = createHash('sha1').update(`user:${username}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Normalise wire shapes into domain shapes, once, so nothing past src/api/ sees a wire
 * name, a prefixed owner, a string timestamp or a one-key role object.
 *
 * Nothing is believed before it is checked: a group id is a string (a number is taken
 * only when it is an exact integer, as its decimal digits), a details answer holds at
 * most one row per id and only the ids asked for, and user ids are lowercased (the
 * service's ids are case-insensitive, FACTS.md), so `Alice` is never a second user.
 * This file owns each answer on its own (the users and roles in one: read-users.ts); combining the answers about one group into a
 * LiveGroup is live/build-live-group.ts.
 */
import { LIMITS } from '../model/group.js';
import { stripControls } from './strip-controls.js';
import type { DetailsOptions, GroupSnapshot, GroupSummary, MemberAnswer } from './service.js';
import type * as W from './wire.js';
import { fromWireSettings } from './setting-fields.js';
import { readAffiliations, readUser, type AppKey } from './read-users.js';

/** Group ids as the API uses them: digits in practice; never a separator, a slash or a dot. */
const GROUP_ID = LIMITS.groupIdPattern;

/**
 * A group id from an answer. Ids are strings; a server that sends a JSON number gets it
 * read as its decimal digits only when that is exact (a safe integer): a larger number
 * has already lost digits in JSON.parse and could name another group, so it is refused,
 * like anything that is not an id at all.
 */
export function readGroupId(value: unknown, where: string): string {
  if (typeof value === 'string' && GROUP_ID.test(value)) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  throw new MalformedAnswerError(`${where}: ${describeValue(value)} is not a group id`);
}

function describeValue(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(stripControls(value)) : typeof value === 'number' ? String(value) : value === undefined ? 'a missing id' : typeof value;
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/**
 * A whole number the service may send as a JSON number or a string of digits (a
 * timestamp in ms, a member count); undefined otherwise.
 */
export function readNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

const truthy = (value: unknown): boolean => value === true || value === 'true';

/** An error row for a missing id: `{id?, error, error_description}` (one reading of the docs). */
function isErrorRow(record: Record<string, unknown>): boolean {
  return record.error !== undefined || record.error_description !== undefined || record.error_code !== undefined;
}

/** No owner anywhere: the "entry without owner" reading of a missing id. */
function hasOwner(record: Record<string, unknown>): boolean {
  if (typeof record.owner === 'string' && record.owner !== '') return true;
  const list = record.affiliations;
  return Array.isArray(list) && list.some((a) => typeof a === 'object' && a !== null && typeof (a as { owner?: unknown }).owner === 'string');
}

/**
 * The details batch, by requested id. The docs say a missing id is answered with
 * "group id doesn't exist" but not in what shape; every reading comes out as null: an
 * error row, a bare string, an entry with no owner, and no entry at all.
 *
 * What is refused (MalformedAnswerError), because believing it would plan on a wrong
 * picture: an answer whose `data` is not a list (`{}`, `{"data":{}}` would otherwise read
 * as "every group is gone" and plan to create them all again), a row whose id is not an
 * id, two rows for one id, and a row for an id that was not asked for.
 */
export function readDetailsBatch(ids: readonly string[], data: unknown, key: AppKey = {}, options: DetailsOptions = {}): Map<string, GroupSnapshot | null> {
  if (!Array.isArray(data)) {
    throw new MalformedAnswerError(`the details answer has no list of groups (data is ${data === undefined ? 'missing' : describeShape(data)})`);
  }
  const result = new Map<string, GroupSnapshot | null>(ids.map((id) => [id, null]));
  // Each snapshot keeps the id string it was asked by, not a second copy from the answer (50,000 groups: 1.5 MB, issue 23).
  const asked = new Map(ids.map((id) => [id, id]));
  const seen = new Set<string>();
  for (const entry of data as unknown[]) {
    if (typeof entry === 'string') continue;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new MalformedAnswerError(`the details answer has a row that is ${describeShape(entry)}, not a group`);
    }
    const record = entry as Record<string, unknown>;
    // An error row asserts nothing about a group, whatever id it names.
    if (isErrorRow(record)) continue;
    const answered = readGroupId(record.id, 'a row of the details answer');
    const id = asked.get(answered);
    if (id === undefined) throw new MalformedAnswerError(`the details answer has a row for group ${answered}, which was not asked for`);
    if (seen.has(id)) throw new MalformedAnswerError(`the details answer has two rows for group ${id}`);
    seen.add(id);
    if (!hasOwner(record)) continue;
    result.set(id, readDetails(record as unknown as W.GroupDetails, key, id, options));
  }
  return result;
}

function objectRow(row: unknown, where: string): Record<string, unknown> {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new MalformedAnswerError(`${where} has a row that is ${describeShape(row)}`);
  return row as Record<string, unknown>;
}

function describeShape(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** An answer we cannot read without guessing; callers turn it into a `bad_response` ApiError with the call. */
export class MalformedAnswerError extends Error {
  override readonly name = 'MalformedAnswerError';
}

/**
 * One group of a details answer as a snapshot: users read, roles sorted, the owner out of both
 * lists. A group `options.names` gives names for (by the owner the answer names, beside a member
 * count) keeps only those members, unsorted names never kept (issue 23), and is marked partial.
 */
export function readDetails(details: W.GroupDetails, key: AppKey = {}, id: string = details.id, options: DetailsOptions = {}): GroupSnapshot {
  const named = typeof details.owner === 'string' && details.owner !== '' ? readUser(details.owner, key) : undefined;
  const count = readNumber(details.affiliations_count);
  const keep = named !== undefined && count !== undefined ? options.names?.(id, named) : undefined;
  const roles = readAffiliations(details.affiliations, key, named, keep);
  const { owner, members, listed } = roles;
  if (owner === undefined) throw new MalformedAnswerError(`group ${id}: the details answer names no owner`);
  const snapshot: GroupSnapshot = {
    id,
    settings: fromWireSettings(details as unknown as Record<string, unknown>),
    disabled: truthy(details.disabled),
    owner,
    members,
    membersComplete: keep === undefined && (count !== undefined ? listed >= count : listed < LIMITS.detailsMemberCap),
    memberCount: count ?? listed,
    created: readNumber(details.created) ?? 0,
  };
  // Set afterwards, not spread into the literal: spreading was most of this function's time (issue 23).
  if (details.mute !== undefined) snapshot.muteAll = truthy(details.mute);
  if (count !== undefined) snapshot.announcedMembers = count;
  if (roles.adminsShown) snapshot.admins = roles.admins;
  return snapshot;
}

/** A row of the app's group list; owners there carry the `{org}#{app}_` prefix. */
export function readListedGroup(row: unknown, key: AppKey = {}): GroupSummary {
  const group = objectRow(row, 'the group list') as Partial<W.ListedGroup>;
  const created = readNumber(group.created);
  return {
    id: readGroupId(group.groupid, 'a row of the group list'),
    name: typeof group.groupname === 'string' ? group.groupname : '',
    owner: readUser(typeof group.owner === 'string' ? group.owner : '', key),
    ...(created !== undefined ? { created } : {}),
  };
}

/** A row of a user's group list, whose id is `groupId` or `id` depending on the server. */
export function readUserGroup(row: unknown, key: AppKey = {}): GroupSummary {
  const group = objectRow(row, "a user's group list") as Partial<W.UserGroup>;
  const created = readNumber(group.created);
  return {
    id: readGroupId(group.groupId ?? group.id, "a row of a user's groups"),
    name: typeof group.name === 'string' ? group.name : '',
    owner: readUser(typeof group.owner === 'string' ? group.owner : '', key),
    ...(created !== undefined ? { created } : {}),
  };
}

/** Per-name results of a batch removal, one per name asked for, in that order. */
export function readRemovalResults(users: readonly string[], results: readonly W.MemberResult[], key: AppKey = {}): MemberAnswer[] {
  const byUser = new Map<string, W.MemberResult>();
  for (const r of results) {
    if (r && typeof r.user === 'string') byUser.set(readUser(r.user, key), r);
  }
  return users.map((user) => {
    const r = byUser.get(user.toLowerCase());
    if (!r) return { user, ok: false, reason: 'the server gave no result for this user' };
    const ok = truthy(r.result);
    return ok ? { user, ok } : { user, ok, reason: typeof r.reason === 'string' ? stripControls(r.reason) : 'the server did not remove this user' };
  });
}

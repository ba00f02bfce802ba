/**
 * Normalise wire shapes into domain shapes, once, so nothing past src/api/ sees a wire
 * name, a prefixed owner, a string timestamp or a one-key role object.
 */
import { LIMITS } from '../model/group.js';
import type { GroupSnapshot, GroupSummary, MemberResult } from './service.js';
import type * as W from './wire.js';
import { fromWireSettings } from './wire-settings.js';

export { toWireSettings, fromWireSettings, fromWireFlags } from './wire-settings.js';

/** The app key parts of an Easemob base URL; unknown for the Agora style. */
export interface AppKey {
  org?: string | undefined;
  app?: string | undefined;
}

/**
 * The list call shows owners as `{org}#{app}_{user}` (FACTS.md). Strip the known prefix
 * when we know it; otherwise everything through the first `_` after the `#`.
 */
export function bareUser(name: string, key: AppKey = {}): string {
  if (key.org && key.app) {
    const prefix = `${key.org}#${key.app}_`;
    if (name.toLowerCase().startsWith(prefix.toLowerCase())) return name.slice(prefix.length);
  }
  const hash = name.indexOf('#');
  if (hash < 0) return name;
  const underscore = name.indexOf('_', hash + 1);
  return underscore < 0 ? name : name.slice(underscore + 1);
}

/** Unix ms from a number or a numeric string; undefined otherwise. */
export function toMillis(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

function truthy(value: unknown): boolean {
  return value === true || value === 'true';
}

export interface Roles {
  owner?: string;
  admins: string[];
  /** Everyone but the owner, admins included. */
  members: string[];
  /** Whether any `{admin}` entry was seen (newer servers only). */
  adminsShown: boolean;
  /** Distinct users listed, owner included. */
  listed: number;
}

/** Read one-key role objects (`{owner}`, `{admin}`, `{member}`), tolerating extra keys and prefixes. */
export function readAffiliations(list: readonly unknown[] | undefined, key: AppKey = {}): Roles {
  let owner: string | undefined;
  const admins = new Set<string>();
  const others = new Set<string>();
  let adminsShown = false;
  for (const entry of list ?? []) {
    if (typeof entry !== 'object' || entry === null) continue;
    const role = entry as Record<string, unknown>;
    if (typeof role.owner === 'string') {
      owner = bareUser(role.owner, key);
    } else if (typeof role.admin === 'string') {
      adminsShown = true;
      admins.add(bareUser(role.admin, key));
    } else if (typeof role.member === 'string') {
      others.add(bareUser(role.member, key));
    }
  }
  const members = new Set([...admins, ...others]);
  if (owner !== undefined) {
    members.delete(owner);
    admins.delete(owner);
  }
  return {
    ...(owner !== undefined ? { owner } : {}),
    admins: [...admins].sort(),
    members: [...members].sort(),
    adminsShown,
    listed: members.size + (owner !== undefined ? 1 : 0),
  };
}

/** Why a details entry is not a group, or undefined when it is one. */
function notAGroup(entry: W.GroupDetailsEntry): string | undefined {
  if (typeof entry === 'string') return entry;
  if (typeof entry !== 'object' || entry === null) return 'not an object';
  const record = entry as Record<string, unknown>;
  if (typeof record.id !== 'string' || record.id === '') return 'no id';
  if (record.error !== undefined || record.error_description !== undefined) return String(record.error_description ?? record.error);
  return undefined;
}

/**
 * The details batch, by requested id. The docs say a missing id is answered with
 * "group id doesn't exist" but not in what shape: an entry with an error field, a bare
 * string and plain absence all come out as null. Throws on a group entry without an owner.
 */
export function readDetailsBatch(
  ids: readonly string[],
  data: readonly W.GroupDetailsEntry[] | undefined,
  key: AppKey = {},
): Map<string, GroupSnapshot | null> {
  const result = new Map<string, GroupSnapshot | null>(ids.map((id) => [id, null]));
  for (const entry of Array.isArray(data) ? data : []) {
    if (notAGroup(entry) !== undefined) continue;
    const details = entry as W.GroupDetails;
    if (!result.has(details.id)) continue;
    result.set(details.id, readDetails(details, key));
  }
  return result;
}

export class MalformedAnswerError extends Error {
  override readonly name = 'MalformedAnswerError';
}

export function readDetails(details: W.GroupDetails, key: AppKey = {}): GroupSnapshot {
  const roles = readAffiliations(details.affiliations, key);
  const owner = typeof details.owner === 'string' && details.owner !== '' ? bareUser(details.owner, key) : roles.owner;
  if (owner === undefined) throw new MalformedAnswerError(`group ${details.id}: the details answer names no owner`);
  const members = roles.members.filter((m) => m !== owner);
  const listed = members.length + 1;
  const count = toMillis(details.affiliations_count);
  return {
    id: details.id,
    settings: fromWireSettings(details as unknown as Record<string, unknown>),
    disabled: truthy(details.disabled),
    owner,
    members,
    membersComplete: count !== undefined ? listed >= count : listed < LIMITS.detailsMemberCap,
    memberCount: count ?? listed,
    ...(roles.adminsShown ? { admins: roles.admins.filter((a) => a !== owner) } : {}),
    created: toMillis(details.created) ?? 0,
  };
}

export function readListedGroup(group: W.ListedGroup, key: AppKey = {}): GroupSummary {
  const created = toMillis(group.created);
  return {
    id: String(group.groupid),
    name: group.groupname ?? '',
    owner: bareUser(group.owner ?? '', key),
    ...(created !== undefined ? { created } : {}),
  };
}

export function readUserGroup(group: W.UserGroup, key: AppKey = {}): GroupSummary {
  const created = toMillis(group.created);
  return {
    id: String(group.groupId ?? group.id),
    name: group.name ?? '',
    owner: bareUser(group.owner ?? '', key),
    ...(created !== undefined ? { created } : {}),
  };
}

/** Per-name results of a batch removal, one per name asked for, in that order. */
export function readRemovalResults(users: readonly string[], results: readonly W.MemberResult[], key: AppKey = {}): MemberResult[] {
  const byUser = new Map<string, W.MemberResult>();
  for (const r of results) {
    if (r && typeof r.user === 'string') byUser.set(bareUser(r.user, key).toLowerCase(), r);
  }
  return users.map((user) => {
    const r = byUser.get(user.toLowerCase());
    if (!r) return { user, ok: false, reason: 'the server gave no result for this user' };
    const ok = truthy(r.result);
    return ok ? { user, ok } : { user, ok, reason: r.reason ?? 'the server did not remove this user' };
  });
}

/** Reads: details, the app-group list, a user's groups, members, admins, is-joined. */
import type { OrderKey } from '../group-order.js';
import { SERVICE_LIMITS } from '../limits.js';
import { StoreError } from '../store-error.js';
import { invalid } from '../wire-settings.js';
import { clamp, existingGroup, toRecord, type GroupRecord, type StoreState } from './state.js';
import { existingUser } from './users.js';

export type MemberRow = Record<'owner' | 'admin' | 'member', string>;

export function getGroup(s: StoreState, id: string): GroupRecord | undefined {
  const group = s.groups.get(id);
  return group === undefined ? undefined : toRecord(group);
}

export function getGroups(s: StoreState, ids: string[]): Array<GroupRecord | { id: string; missing: true }> {
  if (ids.length > SERVICE_LIMITS.detailsBatch) {
    throw invalid(`group ids number more than maxSize : ${SERVICE_LIMITS.detailsBatch}`);
  }
  return ids.map((id) => getGroup(s, id) ?? { id, missing: true as const });
}

/** Newest first; `cursor` is opaque and absent on the last page. */
export function listGroups(s: StoreState, limit: number, cursor?: string): { groups: GroupRecord[]; cursor?: string } {
  const after = cursor === undefined || cursor === '' ? undefined : decodeCursor(cursor);
  const page = s.order.page(clamp(limit, 1, SERVICE_LIMITS.listLimit), after);
  const groups = page.keys.map((key) => toRecord(s.groups.get(key.id)!));
  const last = page.keys[page.keys.length - 1];
  return page.more && last !== undefined ? { groups, cursor: encodeCursor(last) } : { groups };
}

/** Assumption: a user's groups come in the order they joined them. pagenum from 0, pagesize 1..20. */
export function userGroups(s: StoreState, user: string, pagenum: number, pagesize: number): { groups: GroupRecord[]; total: number } {
  const name = existingUser(s, user);
  const ids = s.joined.get(name) ?? new Set<string>();
  const size = clamp(pagesize, 1, SERVICE_LIMITS.userGroupsPageSize);
  const start = Math.max(0, Math.trunc(pagenum) || 0) * size;
  const groups: GroupRecord[] = [];
  let index = 0;
  for (const id of ids) {
    if (index++ < start) continue;
    if (groups.length === size) break;
    groups.push(toRecord(s.groups.get(id)!));
  }
  return { groups, total: ids.size };
}

/**
 * `{owner}`, then `{admin}` per admin (newer servers), then `{member}`; pagenum from 1,
 * pagesize 1..1000. Assumption: `count` is the number of entries on this page, as
 * the other list calls use it.
 */
export function listMembers(s: StoreState, id: string, pagenum: number, pagesize: number): { entries: MemberRow[]; count: number } {
  const group = s.groups.get(id);
  if (group === undefined) throw new StoreError(404, 'service_resource_not_found', `do not find this group:${id}`);
  const size = clamp(pagesize, 1, SERVICE_LIMITS.memberPageSize);
  const start = (Math.max(1, Math.trunc(pagenum) || 1) - 1) * size;
  const all: Array<Record<string, string>> = [{ owner: group.owner }];
  for (const admin of group.admins) if (admin !== group.owner) all.push({ admin });
  for (const member of group.members) if (!group.admins.has(member)) all.push({ member });
  const entries = all.slice(start, start + size) as MemberRow[];
  return { entries, count: entries.length };
}

export function listAdmins(s: StoreState, id: string): string[] {
  return [...existingGroup(s, id).admins];
}

export function isJoined(s: StoreState, id: string, user: string): boolean {
  const group = existingGroup(s, id);
  const name = existingUser(s, user);
  return name === group.owner || group.members.has(name);
}

function encodeCursor(key: OrderKey): string {
  return Buffer.from(`chatgroups:${key.created}:${key.id}`).toString('base64url');
}

function decodeCursor(cursor: string): OrderKey {
  const match = /^chatgroups:(\d+):(.+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (match === null) throw invalid(`cursor ${cursor} is not valid`);
  return { created: Number(match[1]), id: match[2]! };
}

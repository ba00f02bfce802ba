/**
 * The group features of FACTS.md "Group features beyond ...": the announcement (at most
 * 512 characters, replaced whole), the allow list and the block list (members only, at
 * most 60 names a call; blocking removes the member; the owner cannot be blocked).
 * A disabled group refuses every change, as for the other writes.
 */
import { SERVICE_LIMITS } from '../limits.js';
import { invalid } from '../wire-settings.js';
import { removeFromGroup } from './membership.js';
import { changeableGroup, existingGroup, forbidden, type Group, type StoreState } from './state.js';
import { existingUser } from './users.js';

/** One name's outcome in a list call, as the docs show the rows. */
export interface ListRow {
  user: string;
  result: boolean;
  reason?: string;
}

export function getAnnouncement(s: StoreState, id: string): string {
  return existingGroup(s, id).announcement;
}

export function setAnnouncement(s: StoreState, id: string, body: unknown): void {
  const group = changeableGroup(s, id);
  const text = (body as { announcement?: unknown } | null)?.announcement;
  if (typeof text !== 'string') throw invalid('announcement must be provided');
  // FACTS.md: 403 on length; the words are an assumption.
  if (text.length > SERVICE_LIMITS.announcementLength) throw forbidden(`announcement length is greater than ${SERVICE_LIMITS.announcementLength}`);
  group.announcement = text;
  group.lastModified = s.now();
}

export function listAllow(s: StoreState, id: string): string[] {
  return [...existingGroup(s, id).allow];
}

export function listBlocks(s: StoreState, id: string): string[] {
  return [...existingGroup(s, id).blocks];
}

/** Members only; the owner and admins may already speak, but the docs do not refuse them. */
export function addAllow(s: StoreState, id: string, users: string[]): ListRow[] {
  const group = listGroup(s, id, users);
  return users.map((user) => {
    const name = existingUser(s, user);
    if (name !== group.owner && !group.members.has(name)) return { user: name, result: false, reason: `user: ${name} doesn't exist in group: ${id}` };
    group.allow.add(name);
    group.lastModified = s.now();
    return { user: name, result: true };
  });
}

export function removeAllow(s: StoreState, id: string, users: string[]): ListRow[] {
  const group = listGroup(s, id, users);
  return users.map((user) => {
    const name = user.toLowerCase();
    if (!group.allow.delete(name)) return { user: name, result: false, reason: `user: ${name} is not in the allow list of group: ${id}` };
    group.lastModified = s.now();
    return { user: name, result: true };
  });
}

/** FACTS.md: only members can be blocked, the owner cannot be, and blocking removes the member. */
export function addBlocks(s: StoreState, id: string, users: string[]): ListRow[] {
  const group = listGroup(s, id, users);
  return users.map((user) => {
    const name = existingUser(s, user);
    if (name === group.owner) return { user: name, result: false, reason: 'forbidden operation on group owner!' };
    if (!group.members.has(name)) return { user: name, result: false, reason: `user: ${name} doesn't exist in group: ${id}` };
    removeFromGroup(s, group, name);
    group.blocks.add(name);
    return { user: name, result: true };
  });
}

export function removeBlocks(s: StoreState, id: string, users: string[]): ListRow[] {
  const group = listGroup(s, id, users);
  return users.map((user) => {
    const name = user.toLowerCase();
    if (!group.blocks.delete(name)) return { user: name, result: false, reason: `user: ${name} is not blocked in group: ${id}` };
    group.lastModified = s.now();
    return { user: name, result: true };
  });
}

function listGroup(s: StoreState, id: string, users: unknown): Group {
  if (!Array.isArray(users) || users.length === 0 || users.some((u) => typeof u !== 'string')) throw invalid('usernames must be provided');
  if (users.length > SERVICE_LIMITS.batch) throw invalid(`usernames size is more than max size : ${SERVICE_LIMITS.batch}`);
  return changeableGroup(s, id);
}

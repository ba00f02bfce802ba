/** Loading a seed or a snapshot into the state, and writing the state back out. */
import type { OrderKey } from '../group-order.js';
import { SERVICE_LIMITS } from '../limits.js';
import { invalid } from '../wire-settings.js';
import { join } from './membership.js';
import { FIRST_GROUP_ID, toRecord, type Group, type GroupRecord, type StoreState } from './state.js';
import { checkUserId } from './users.js';

/** The seed file and the persisted snapshot share this format. */
export interface StoreData {
  users: Array<string | { username: string; password?: string }>;
  groups: Array<Partial<GroupRecord> & { owner: string }>;
  /** The id the next created group gets, so that a dismissed id is never reused after a restart. */
  nextGroupId?: string;
}

/**
 * Seeds are trusted and forgiving: users a group names but `users` does not list are
 * registered, a missing id is assigned, the owner is dropped from `members` and admins
 * are added to it.
 */
export function loadData(s: StoreState, data: StoreData): void {
  const now = s.now();
  for (const entry of data.users ?? []) {
    const name = typeof entry === 'string' ? entry : entry.username;
    s.users.set(checkUserId(name), { created: now });
  }
  const keys: OrderKey[] = [];
  let maxId = FIRST_GROUP_ID - 1n;
  for (const seed of data.groups ?? []) {
    const group = groupFromSeed(s, seed, now);
    if (s.groups.has(group.id)) throw invalid(`group ID ${group.id} already exists!`);
    s.groups.set(group.id, group);
    for (const user of [group.owner, ...group.members]) join(s, user, group.id);
    keys.push({ created: group.created, id: group.id });
    if (/^\d+$/.test(group.id) && BigInt(group.id) > maxId) maxId = BigInt(group.id);
  }
  s.order.reset(keys);
  const saved = data.nextGroupId !== undefined && /^\d+$/.test(data.nextGroupId) ? BigInt(data.nextGroupId) : 0n;
  s.nextId = [maxId + 1n, saved, FIRST_GROUP_ID].reduce((a, b) => (a > b ? a : b));
}

/**
 * Users are written as bare names. Assumption: passwords are not kept (the emulator
 * has no user login, and a data file should not hold secrets).
 */
export function dumpData(s: StoreState): StoreData {
  return {
    users: [...s.users.keys()],
    groups: [...s.groups.values()].map(toRecord),
    nextGroupId: s.nextId.toString(),
  };
}

function groupFromSeed(s: StoreState, seed: Partial<GroupRecord> & { owner: string }, now: number): Group {
  const seedUser = (name: string): string => {
    const user = checkUserId(name);
    if (!s.users.has(user)) s.users.set(user, { created: now });
    return user;
  };
  const owner = seedUser(seed.owner);
  const admins = new Set((seed.admins ?? []).map(seedUser));
  const members = new Set([...(seed.members ?? []).map(seedUser), ...admins]);
  members.delete(owner);
  if (!s.transferKeepsAdmin) admins.delete(owner);
  const created = seed.created ?? now;
  return {
    id: seed.id ?? (s.nextId++).toString(),
    groupname: seed.groupname ?? '',
    description: seed.description ?? '',
    avatar: seed.avatar ?? '',
    public: seed.public ?? false,
    maxusers: seed.maxusers ?? Math.max(SERVICE_LIMITS.defaultMaxUsers, members.size + 1),
    allowinvites: seed.allowinvites ?? false,
    membersonly: seed.membersonly ?? false,
    invite_need_confirm: seed.invite_need_confirm ?? true,
    custom: seed.custom ?? '',
    owner,
    admins,
    members,
    disabled: seed.disabled ?? false,
    mute: seed.mute ?? false,
    announcement: seed.announcement ?? '',
    allow: new Set((seed.allow ?? []).map(seedUser).filter((u) => members.has(u))),
    blocks: new Set((seed.blocks ?? []).map(seedUser).filter((u) => u !== owner && !members.has(u))),
    created,
    lastModified: seed.lastModified ?? created,
  };
}

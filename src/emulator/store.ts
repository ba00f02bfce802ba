/**
 * The rules core of the emulator: one app's users and groups in memory, with the
 * service's rules and its error words (api-docs pages and FACTS.md). Pure: no I/O,
 * no HTTP, no timers; the clock comes in through the options. The HTTP layer
 * (server.ts) and the planner's property tests both drive this class directly.
 *
 * Where the docs are silent the choice is marked "Assumption".
 */
import { createHash } from 'node:crypto';
import { GroupOrder, type OrderKey } from './group-order.js';
import { StoreError } from './store-error.js';
import { MODIFIABLE_FIELDS, checkSettingValues, invalid } from './wire-settings.js';

import type { WireSettings } from '../api/wire.js';
import { LIMITS } from '../model/group.js';
export { StoreError } from './store-error.js';

/** Group settings by their wire names, as create and modify take them: the same wire the client speaks. */
export type { WireSettings } from '../api/wire.js';

/** One group as the store holds it (a copy: changing it changes nothing). */
export interface GroupRecord {
  id: string;
  groupname: string;
  description: string;
  avatar: string;
  public: boolean;
  maxusers: number;
  allowinvites: boolean;
  membersonly: boolean;
  invite_need_confirm: boolean;
  custom: string;
  owner: string;
  /** In the order they were made admins. */
  admins: string[];
  /** Everyone but the owner (admins included), in join order. */
  members: string[];
  disabled: boolean;
  mute: boolean;
  created: number;
  /** Assumption: every acknowledged change to the group, membership and roles included, moves it. */
  lastModified: number;
}

export interface StoreOptions {
  /**
   * The undocumented reading where a member made owner stays in the admin list
   * (default false: the new owner loses the admin role, as "the owner is not an admin").
   */
  transferKeepsAdmin?: boolean;
  /** Milliseconds since the epoch; defaults to Date.now. */
  now?: () => number;
}

/** The seed file and the persisted snapshot share this format. */
export interface StoreData {
  users: Array<string | { username: string; password?: string }>;
  groups: Array<Partial<GroupRecord> & { owner: string }>;
  /** The id the next created group gets, so that a dismissed id is never reused after a restart. */
  nextGroupId?: string;
}

/** Documented limits the store enforces. */
export const STORE_LIMITS = {
  /** owner + admins <= 100 */
  maxAdmins: 99,
  /** names per add-members / remove-members / register-users call */
  batch: 60,
  /** ids per details call */
  detailsBatch: 100,
  listLimit: 1000,
  memberPageSize: 1000,
  userGroupsPageSize: 20,
  defaultMaxUsers: 200,
} as const;


/** Assumption: ids look like the real ones, 228 followed by 12 digits, counting up. */
const FIRST_GROUP_ID = 228_000_000_000_001n;

/** The live form of a GroupRecord: sets for the lookups every call makes. */
interface Group extends Omit<GroupRecord, 'admins' | 'members'> {
  admins: Set<string>;
  members: Set<string>;
}

interface User {
  created: number;
}

export class GroupStore {
  private readonly users = new Map<string, User>();
  private readonly groups = new Map<string, Group>();
  /** user -> ids of the groups they own or belong to, in join order. */
  private readonly joined = new Map<string, Set<string>>();
  private readonly order = new GroupOrder();
  private nextId = FIRST_GROUP_ID;
  private readonly now: () => number;
  private readonly transferKeepsAdmin: boolean;

  constructor(options: StoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.transferKeepsAdmin = options.transferKeepsAdmin ?? false;
  }

  /**
   * Loads a seed or a snapshot. Seeds are trusted and forgiving: users a group names
   * but `users` does not list are registered, a missing id is assigned, the owner is
   * dropped from `members` and admins are added to it.
   */
  static fromData(data: StoreData, options?: StoreOptions): GroupStore {
    const store = new GroupStore(options);
    const now = store.now();
    for (const entry of data.users ?? []) {
      const name = typeof entry === 'string' ? entry : entry.username;
      store.users.set(checkUserId(name), { created: now });
    }
    const keys: OrderKey[] = [];
    let maxId = FIRST_GROUP_ID - 1n;
    for (const seed of data.groups ?? []) {
      const group = store.groupFromSeed(seed, now);
      if (store.groups.has(group.id)) throw invalid(`group ID ${group.id} already exists!`);
      store.groups.set(group.id, group);
      for (const user of [group.owner, ...group.members]) store.join(user, group.id);
      keys.push({ created: group.created, id: group.id });
      if (/^\d+$/.test(group.id) && BigInt(group.id) > maxId) maxId = BigInt(group.id);
    }
    store.order.reset(keys);
    const saved = data.nextGroupId !== undefined && /^\d+$/.test(data.nextGroupId) ? BigInt(data.nextGroupId) : 0n;
    store.nextId = [maxId + 1n, saved, FIRST_GROUP_ID].reduce((a, b) => (a > b ? a : b));
    return store;
  }

  /**
   * Users are written as bare names. Assumption: passwords are not kept (the emulator
   * has no user login, and a data file should not hold secrets).
   */
  toData(): StoreData {
    return {
      users: [...this.users.keys()],
      groups: [...this.groups.values()].map(toRecord),
      nextGroupId: this.nextId.toString(),
    };
  }

  registerUsers(users: Array<{ username: string; password?: string }>): Array<{ username: string; uuid: string; created: number }> {
    if (!Array.isArray(users) || users.length === 0) throw invalid('users must be provided');
    if (users.length > STORE_LIMITS.batch) throw invalid(`register users: number more than maxSize : ${STORE_LIMITS.batch}`);
    const names = users.map((u) => checkUserId(u?.username));
    const seen = new Set<string>();
    for (const name of names) {
      if (this.users.has(name) || seen.has(name)) {
        throw new StoreError(
          400,
          'duplicate_unique_property_exists',
          `Entity user requires that property named username be unique, value of ${name} exists`,
        );
      }
      seen.add(name);
    }
    const created = this.now();
    return names.map((username) => {
      this.users.set(username, { created });
      return { username, uuid: userUuid(username), created };
    });
  }

  hasUser(username: string): boolean {
    return typeof username === 'string' && this.users.has(username.toLowerCase());
  }

  createGroup(body: WireSettings & { owner?: string; members?: string[] }): string {
    const input = (body ?? {}) as Record<string, unknown>;
    if (typeof input['owner'] !== 'string' || input['owner'] === '') throw invalid('owner must be provided');
    if (input['public'] === undefined) throw invalid('group must contain public field!');
    checkSettingValues(input);
    const rawMembers = input['members'] ?? [];
    if (!Array.isArray(rawMembers) || rawMembers.some((m) => typeof m !== 'string')) {
      throw invalid('members must be an array of usernames');
    }
    const owner = this.existingUser(input['owner']);
    // Assumption: the owner named again in `members` is ignored, and repeats count once.
    const members = new Set<string>();
    for (const name of rawMembers as string[]) {
      const user = this.existingUser(name);
      if (user !== owner) members.add(user);
    }
    const maxusers = (input['maxusers'] as number | undefined) ?? STORE_LIMITS.defaultMaxUsers;
    if (members.size + 1 > maxusers) throw tooMany();

    const id = (this.nextId++).toString();
    const now = this.now();
    const group: Group = {
      id,
      groupname: (input['groupname'] as string | undefined) ?? '',
      description: (input['description'] as string | undefined) ?? '',
      avatar: (input['avatar'] as string | undefined) ?? '',
      public: input['public'] as boolean,
      maxusers,
      allowinvites: (input['allowinvites'] as boolean | undefined) ?? false,
      membersonly: (input['membersonly'] as boolean | undefined) ?? false,
      invite_need_confirm: (input['invite_need_confirm'] as boolean | undefined) ?? true,
      custom: (input['custom'] as string | undefined) ?? '',
      owner,
      admins: new Set(),
      members,
      disabled: false,
      mute: false,
      created: now,
      lastModified: now,
    };
    this.groups.set(id, group);
    for (const user of [owner, ...members]) this.join(user, id);
    this.order.insert({ created: now, id });
    return id;
  }

  /**
   * One boolean per given field. maxusers below the current head count (owner
   * included) answers false and is left as it was: the modify page says false means
   * "not changed".
   */
  modifyGroup(id: string, body: Record<string, unknown>): Record<string, boolean> {
    const group = this.changeableGroup(id);
    const input = body ?? {};
    const unknown = Object.keys(input).filter((field) => !MODIFIABLE_FIELDS.has(field));
    if (unknown.length > 0) throw invalid(`some of [${unknown.join(', ')}] are not valid fields`);
    checkSettingValues(input);
    const result: Record<string, boolean> = {};
    const writable = group as unknown as Record<string, unknown>;
    for (const [field, value] of Object.entries(input)) {
      if (field === 'maxusers' && (value as number) < group.members.size + 1) {
        result[field] = false;
        continue;
      }
      writable[field] = value;
      result[field] = true;
    }
    if (Object.values(result).some(Boolean)) group.lastModified = this.now();
    return result;
  }

  transferOwner(id: string, newOwner: string): void {
    const group = this.changeableGroup(id);
    const user = this.existingUser(newOwner);
    if (user === group.owner) throw forbidden('new owner and old owner are the same');
    if (!group.members.has(user)) throw forbidden(`user: ${user} doesn't exist in group: ${id}`);
    group.members.delete(user);
    // FACTS.md: the old owner stays in the group as an ordinary member.
    group.members.add(group.owner);
    group.owner = user;
    if (!this.transferKeepsAdmin) group.admins.delete(user);
    group.lastModified = this.now();
  }

  addMember(id: string, user: string): void {
    const group = this.changeableGroup(id);
    const name = this.existingUser(user);
    if (name === group.owner || group.members.has(name)) throw forbidden(`user ${name} is already in group ${id}`);
    if (group.members.size + 2 > group.maxusers) throw tooMany();
    this.addToGroup(group, [name]);
  }

  /** Names already in the group are skipped; any unknown name or going over maxusers fails the whole call. */
  addMembers(id: string, users: string[]): string[] {
    checkBatch(users, 'usernames', `addMembers: members number more than maxSize : ${STORE_LIMITS.batch}`);
    const group = this.changeableGroup(id);
    const fresh = new Set<string>();
    for (const user of users) {
      const name = this.existingUser(user);
      if (name !== group.owner && !group.members.has(name)) fresh.add(name);
    }
    if (group.members.size + 1 + fresh.size > group.maxusers) throw tooMany();
    this.addToGroup(group, [...fresh]);
    return [...fresh];
  }

  removeMember(id: string, user: string): void {
    const group = this.changeableGroup(id);
    const name = this.existingUser(user);
    if (name === group.owner) throw forbidden('forbidden operation on group owner!');
    if (!group.members.has(name)) {
      throw new StoreError(403, 'forbidden_op', `user: ${name} doesn't exist in group: ${id}`, 'not-member');
    }
    this.removeFromGroup(group, name);
  }

  /**
   * Per-name outcome; partial success is normal (FACTS.md). Assumption: an unknown
   * user is reported like any other non-member rather than failing the call.
   */
  removeMembers(id: string, users: string[]): Array<{ user: string; result: boolean; reason?: string }> {
    checkBatch(users, 'usernames', `kickMember: kickMembers number more than maxSize : ${STORE_LIMITS.batch}`);
    const group = this.changeableGroup(id);
    const results: Array<{ user: string; result: boolean; reason?: string }> = [];
    for (const user of users) {
      const name = user.toLowerCase();
      if (name === group.owner) {
        results.push({ user: name, result: false, reason: 'forbidden operation on group owner!' });
      } else if (!group.members.has(name)) {
        results.push({ user: name, result: false, reason: `user: ${name} doesn't exist in group: ${id}` });
      } else {
        this.removeFromGroup(group, name);
        results.push({ user: name, result: true });
      }
    }
    return results;
  }

  addAdmin(id: string, user: string): void {
    const group = this.changeableGroup(id);
    const name = this.existingUser(user);
    // Assumption: the docs give no words for making the owner an admin.
    if (name === group.owner) throw forbidden(`user: ${name} is the owner of group: ${id} and cannot be made admin`);
    if (!group.members.has(name)) {
      throw new StoreError(404, 'resource_not_found', `user: ${name} doesn't exist in group: ${id}`);
    }
    if (group.admins.has(name)) throw forbidden(`user: ${name} is already admin of group: ${id}`);
    // Assumption: the docs give no words for the 100th admin.
    if (group.admins.size >= STORE_LIMITS.maxAdmins) {
      throw new StoreError(403, 'exceed_limit', `group: ${id} already has ${STORE_LIMITS.maxAdmins} admins (owner + admins <= 100)`);
    }
    group.admins.add(name);
    group.lastModified = this.now();
  }

  removeAdmin(id: string, user: string): void {
    const group = this.changeableGroup(id);
    const name = this.existingUser(user);
    if (!group.admins.has(name)) throw forbidden(`user:${name} is not admin of group:${id}`);
    group.admins.delete(name);
    group.lastModified = this.now();
  }

  listAdmins(id: string): string[] {
    return [...this.existingGroup(id).admins];
  }

  /**
   * `{owner}`, then `{admin}` per admin (newer servers), then `{member}`; pagenum from 1,
   * pagesize 1..1000. Assumption: `count` is the number of entries on this page, as
   * the other list calls use it.
   */
  listMembers(id: string, pagenum: number, pagesize: number): { entries: Array<Record<'owner' | 'admin' | 'member', string>>; count: number } {
    const group = this.groups.get(id);
    if (group === undefined) throw new StoreError(404, 'service_resource_not_found', `do not find this group:${id}`);
    const size = clamp(pagesize, 1, STORE_LIMITS.memberPageSize);
    const start = (Math.max(1, Math.trunc(pagenum) || 1) - 1) * size;
    const all: Array<Record<string, string>> = [{ owner: group.owner }];
    for (const admin of group.admins) if (admin !== group.owner) all.push({ admin });
    for (const member of group.members) if (!group.admins.has(member)) all.push({ member });
    const entries = all.slice(start, start + size) as Array<Record<'owner' | 'admin' | 'member', string>>;
    return { entries, count: entries.length };
  }

  /** Reads, enable, disable and dismiss stay allowed on a disabled group. */
  disable(id: string): void {
    const group = this.existingGroup(id);
    group.disabled = true;
    group.lastModified = this.now();
  }

  enable(id: string): void {
    const group = this.existingGroup(id);
    group.disabled = false;
    group.lastModified = this.now();
  }

  dismiss(id: string): void {
    const group = this.existingGroup(id);
    this.groups.delete(id);
    this.order.remove({ created: group.created, id });
    for (const user of [group.owner, ...group.members]) this.joined.get(user)?.delete(id);
  }

  getGroup(id: string): GroupRecord | undefined {
    const group = this.groups.get(id);
    return group === undefined ? undefined : toRecord(group);
  }

  getGroups(ids: string[]): Array<GroupRecord | { id: string; missing: true }> {
    if (ids.length > STORE_LIMITS.detailsBatch) {
      throw invalid(`group ids number more than maxSize : ${STORE_LIMITS.detailsBatch}`);
    }
    return ids.map((id) => {
      const group = this.groups.get(id);
      return group === undefined ? { id, missing: true as const } : toRecord(group);
    });
  }

  /** Newest first; `cursor` is opaque and absent on the last page. */
  listGroups(limit: number, cursor?: string): { groups: GroupRecord[]; cursor?: string } {
    const after = cursor === undefined || cursor === '' ? undefined : decodeCursor(cursor);
    const page = this.order.page(clamp(limit, 1, STORE_LIMITS.listLimit), after);
    const groups = page.keys.map((key) => toRecord(this.groups.get(key.id)!));
    const last = page.keys[page.keys.length - 1];
    return page.more && last !== undefined ? { groups, cursor: encodeCursor(last) } : { groups };
  }

  /** Assumption: a user's groups come in the order they joined them. pagenum from 0, pagesize 1..20. */
  userGroups(user: string, pagenum: number, pagesize: number): { groups: GroupRecord[]; total: number } {
    const name = this.existingUser(user);
    const ids = this.joined.get(name) ?? new Set<string>();
    const size = clamp(pagesize, 1, STORE_LIMITS.userGroupsPageSize);
    const start = Math.max(0, Math.trunc(pagenum) || 0) * size;
    const groups: GroupRecord[] = [];
    let index = 0;
    for (const id of ids) {
      if (index++ < start) continue;
      if (groups.length === size) break;
      groups.push(toRecord(this.groups.get(id)!));
    }
    return { groups, total: ids.size };
  }

  isJoined(id: string, user: string): boolean {
    const group = this.existingGroup(id);
    const name = this.existingUser(user);
    return name === group.owner || group.members.has(name);
  }

  groupCount(): number {
    return this.groups.size;
  }

  userCount(): number {
    return this.users.size;
  }

  private existingGroup(id: string): Group {
    const group = this.groups.get(id);
    if (group === undefined) throw new StoreError(404, 'resource_not_found', `grpID ${id} does not exist!`);
    return group;
  }

  /**
   * The docs say a disabled group "can't be managed" without giving the REST error.
   * Assumption: 403 forbidden_op "group {id} is disabled" for every change.
   */
  private changeableGroup(id: string): Group {
    const group = this.existingGroup(id);
    if (group.disabled) throw new StoreError(403, 'forbidden_op', `group ${id} is disabled`, 'disabled');
    return group;
  }

  private existingUser(user: unknown): string {
    const name = typeof user === 'string' ? user.toLowerCase() : '';
    if (!this.users.has(name)) throw new StoreError(404, 'resource_not_found', `username ${String(user)} doesn't exist!`);
    return name;
  }

  private addToGroup(group: Group, users: string[]): void {
    for (const user of users) {
      group.members.add(user);
      this.join(user, group.id);
    }
    if (users.length > 0) group.lastModified = this.now();
  }

  /** Leaving the group drops the admin role too. */
  private removeFromGroup(group: Group, user: string): void {
    group.members.delete(user);
    group.admins.delete(user);
    this.joined.get(user)?.delete(group.id);
    group.lastModified = this.now();
  }

  private join(user: string, id: string): void {
    let ids = this.joined.get(user);
    if (ids === undefined) this.joined.set(user, (ids = new Set()));
    ids.add(id);
  }

  private groupFromSeed(seed: Partial<GroupRecord> & { owner: string }, now: number): Group {
    const seedUser = (name: string): string => {
      const user = checkUserId(name);
      if (!this.users.has(user)) this.users.set(user, { created: now });
      return user;
    };
    const owner = seedUser(seed.owner);
    const admins = new Set((seed.admins ?? []).map(seedUser));
    const members = new Set([...(seed.members ?? []).map(seedUser), ...admins]);
    members.delete(owner);
    if (!this.transferKeepsAdmin) admins.delete(owner);
    const created = seed.created ?? now;
    return {
      id: seed.id ?? (this.nextId++).toString(),
      groupname: seed.groupname ?? '',
      description: seed.description ?? '',
      avatar: seed.avatar ?? '',
      public: seed.public ?? false,
      maxusers: seed.maxusers ?? Math.max(STORE_LIMITS.defaultMaxUsers, members.size + 1),
      allowinvites: seed.allowinvites ?? false,
      membersonly: seed.membersonly ?? false,
      invite_need_confirm: seed.invite_need_confirm ?? true,
      custom: seed.custom ?? '',
      owner,
      admins,
      members,
      disabled: seed.disabled ?? false,
      mute: seed.mute ?? false,
      created,
      lastModified: seed.lastModified ?? created,
    };
  }
}

function toRecord(group: Group): GroupRecord {
  return { ...group, admins: [...group.admins], members: [...group.members] };
}

/** FACTS.md: lowercase a-z, 0-9, `_`, `-`, `.`, at most 64 characters; case-insensitive. */
function checkUserId(name: unknown): string {
  const user = typeof name === 'string' ? name.toLowerCase() : '';
  if (!LIMITS.userIdPattern.test(user)) {
    throw new StoreError(400, 'illegal_argument', `username [${String(name)}] is not legal`);
  }
  return user;
}

function checkBatch(users: unknown, field: string, tooLong: string): asserts users is string[] {
  if (!Array.isArray(users) || users.length === 0 || users.some((u) => typeof u !== 'string')) {
    throw invalid(`${field} must be provided`);
  }
  if (users.length > STORE_LIMITS.batch) throw invalid(tooLong);
}

function forbidden(description: string): StoreError {
  return new StoreError(403, 'forbidden_op', description);
}

function tooMany(): StoreError {
  return new StoreError(403, 'exceed_limit', 'members size is greater than max user size !');
}

function clamp(value: number, min: number, max: number): number {
  const n = Math.trunc(value);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : min;
}

function encodeCursor(key: OrderKey): string {
  return Buffer.from(`chatgroups:${key.created}:${key.id}`).toString('base64url');
}

function decodeCursor(cursor: string): OrderKey {
  const match = /^chatgroups:(\d+):(.+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (match === null) throw invalid(`cursor ${cursor} is not valid`);
  return { created: Number(match[1]), id: match[2]! };
}

/** Stable per name, so a replayed journal gives the same answers. */
function userUuid(username: string): string {
  const hex = createHash('sha1').update(`user:${username}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}


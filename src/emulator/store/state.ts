/**
 * The store's in-memory state and the record types it hands out. The rules live in the
 * files beside this one (users, groups, membership, queries, seed); each takes the
 * state as its first argument, and GroupStore (../store.ts) puts them behind one class.
 */
import { GroupOrder } from '../group-order.js';
import { StoreError } from '../store-error.js';

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
  /** FACTS.md "Group features": '' when none was set. */
  announcement: string;
  /** The allow list (who may speak while muted): members only. */
  allow: string[];
  /** The block list: never members (blocking removes the member). */
  blocks: string[];
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
  /** The edition quotas (FACTS.md): none given, none enforced. */
  quotas?: Quotas;
  /** Whether a public group keeps allowinvites=true (dialects.ts `publicInvites`); default kept. */
  publicInvites?: PublicInvites;
}

/** dialects.ts `publicInvites`. */
export type PublicInvites = 'kept' | 'never' | 'create-only';

/** Groups per app and groups per user (owned or joined), with the appkey the refusal names. */
export interface Quotas {
  appKey?: string;
  groupsPerApp?: number;
  groupsPerUser?: number;
}

/** The live form of a GroupRecord: sets for the lookups every call makes. */
export interface Group extends Omit<GroupRecord, 'admins' | 'members' | 'allow' | 'blocks'> {
  admins: Set<string>;
  members: Set<string>;
  allow: Set<string>;
  blocks: Set<string>;
}

export interface User {
  created: number;
}

export interface StoreState {
  readonly users: Map<string, User>;
  readonly groups: Map<string, Group>;
  /** user -> ids of the groups they own or belong to, in join order. */
  readonly joined: Map<string, Set<string>>;
  readonly order: GroupOrder;
  nextId: bigint;
  readonly now: () => number;
  readonly transferKeepsAdmin: boolean;
  readonly quotas: Quotas;
  readonly publicInvites: PublicInvites;
}

/** Assumption: ids look like the real ones, 228 followed by 12 digits, counting up. */
export const FIRST_GROUP_ID = 228_000_000_000_001n;

export function emptyState(options: StoreOptions = {}): StoreState {
  return {
    users: new Map(),
    groups: new Map(),
    joined: new Map(),
    order: new GroupOrder(),
    nextId: FIRST_GROUP_ID,
    now: options.now ?? Date.now,
    transferKeepsAdmin: options.transferKeepsAdmin ?? false,
    quotas: options.quotas ?? {},
    publicInvites: options.publicInvites ?? 'kept',
  };
}

export function toRecord(group: Group): GroupRecord {
  return { ...group, admins: [...group.admins], members: [...group.members], allow: [...group.allow], blocks: [...group.blocks] };
}

export function existingGroup(s: StoreState, id: string): Group {
  const group = s.groups.get(id);
  if (group === undefined) throw new StoreError(404, 'resource_not_found', `grpID ${id} does not exist!`);
  return group;
}

/**
 * The docs say a disabled group "can't be managed" without giving the REST error.
 * Assumption: 403 forbidden_op "group {id} is disabled" for every change (dialects reword it).
 */
export function changeableGroup(s: StoreState, id: string): Group {
  const group = existingGroup(s, id);
  if (group.disabled) throw new StoreError(403, 'forbidden_op', `group ${id} is disabled`, 'disabled');
  return group;
}

export function forbidden(description: string): StoreError {
  return new StoreError(403, 'forbidden_op', description);
}

export function tooMany(): StoreError {
  return new StoreError(403, 'exceed_limit', 'members size is greater than max user size !');
}

/** FACTS.md "wordings": the groups-per-app quota, on create. */
export function checkAppQuota(s: StoreState): void {
  const max = s.quotas.groupsPerApp;
  if (max !== undefined && s.groups.size >= max) {
    throw new StoreError(403, 'exceed_limit', `appKey:${s.quotas.appKey ?? 'demo#demo'} has create too many groups!`);
  }
}

/** FACTS.md "wordings": the groups-per-user quota, on create and add. */
export function checkUserQuota(s: StoreState, users: Iterable<string>): void {
  const max = s.quotas.groupsPerUser;
  if (max === undefined) return;
  for (const user of users) {
    if ((s.joined.get(user)?.size ?? 0) >= max) throw new StoreError(403, 'exceed_limit', `user ${user} has joined too many groups!`);
  }
}

export function clamp(value: number, min: number, max: number): number {
  const n = Math.trunc(value);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : min;
}

/**
 * The rules core of the emulator: one app's users and groups in memory, with the
 * service's rules and its error words (api-docs pages and FACTS.md). Pure: no I/O,
 * no HTTP, no timers; the clock comes in through the options. The HTTP layer and the
 * journal drive this class; its methods are the journaled operations (persistence.ts).
 * The rules live in store/: users, groups, membership, queries, seed.
 *
 * Where the docs are silent the choice is marked "Assumption".
 */
import { SERVICE_LIMITS, type WireSettings } from './limits.js';
import * as features from './store/features.js';
import * as groups from './store/groups.js';
import * as membership from './store/membership.js';
import * as queries from './store/queries.js';
import { dumpData, loadData, type StoreData } from './store/seed.js';
import { emptyState, type GroupRecord, type StoreOptions, type StoreState } from './store/state.js';
import * as users from './store/users.js';

export { StoreError } from './store-error.js';
export type { GroupRecord, PublicInvites, Quotas, StoreOptions } from './store/state.js';
export type { StoreData } from './store/seed.js';
export type { RemovalRow } from './store/membership.js';
export type { MemberRow } from './store/queries.js';
export { SERVICE_LIMITS, type WireSettings } from './limits.js';

export class GroupStore {
  private readonly s: StoreState;

  constructor(options: StoreOptions = {}) {
    this.s = emptyState(options);
  }

  /** Loads a seed or a snapshot (seed.ts says how forgiving that is). */
  static fromData(data: StoreData, options?: StoreOptions): GroupStore {
    const store = new GroupStore(options);
    loadData(store.s, data);
    return store;
  }

  toData(): StoreData {
    return dumpData(this.s);
  }

  // ---- changes (each one journaled by persistence.ts) ----
  registerUsers(list: Array<{ username: string; password?: string }>) {
    return users.registerUsers(this.s, list);
  }
  createGroup(body: groups.CreateBody): string {
    return groups.createGroup(this.s, body);
  }
  modifyGroup(id: string, body: Record<string, unknown>): Record<string, boolean> {
    return groups.modifyGroup(this.s, id, body);
  }
  transferOwner(id: string, newOwner: string): void {
    groups.transferOwner(this.s, id, newOwner);
  }
  addMember(id: string, user: string): void {
    membership.addMember(this.s, id, user);
  }
  addMembers(id: string, list: string[]): string[] {
    return membership.addMembers(this.s, id, list);
  }
  removeMember(id: string, user: string): void {
    membership.removeMember(this.s, id, user);
  }
  removeMembers(id: string, list: string[]): membership.RemovalRow[] {
    return membership.removeMembers(this.s, id, list);
  }
  addAdmin(id: string, user: string): void {
    membership.addAdmin(this.s, id, user);
  }
  removeAdmin(id: string, user: string): void {
    membership.removeAdmin(this.s, id, user);
  }
  disable(id: string): void {
    groups.setDisabled(this.s, id, true);
  }
  enable(id: string): void {
    groups.setDisabled(this.s, id, false);
  }
  muteAll(id: string): void {
    groups.setMute(this.s, id, true);
  }
  unmuteAll(id: string): void {
    groups.setMute(this.s, id, false);
  }
  setAnnouncement(id: string, body: unknown): void {
    features.setAnnouncement(this.s, id, body);
  }
  getAnnouncement(id: string): string {
    return features.getAnnouncement(this.s, id);
  }
  addAllow(id: string, list: string[]): features.ListRow[] {
    return features.addAllow(this.s, id, list);
  }
  removeAllow(id: string, list: string[]): features.ListRow[] {
    return features.removeAllow(this.s, id, list);
  }
  addBlocks(id: string, list: string[]): features.ListRow[] {
    return features.addBlocks(this.s, id, list);
  }
  removeBlocks(id: string, list: string[]): features.ListRow[] {
    return features.removeBlocks(this.s, id, list);
  }
  listAllow(id: string): string[] {
    return features.listAllow(this.s, id);
  }
  listBlocks(id: string): string[] {
    return features.listBlocks(this.s, id);
  }
  dismiss(id: string): void {
    groups.dismiss(this.s, id);
  }

  // ---- reads ----
  hasUser(username: string): boolean {
    return users.hasUser(this.s, username);
  }
  getUser(username: string): { username: string; uuid: string; created: number } {
    return users.getUser(this.s, username);
  }
  getGroup(id: string): GroupRecord | undefined {
    return queries.getGroup(this.s, id);
  }
  getGroups(ids: string[]): Array<GroupRecord | { id: string; missing: true }> {
    return queries.getGroups(this.s, ids);
  }
  listGroups(limit: number, cursor?: string): { groups: GroupRecord[]; cursor?: string } {
    return queries.listGroups(this.s, limit, cursor);
  }
  userGroups(user: string, pagenum: number, pagesize: number): { groups: GroupRecord[]; total: number } {
    return queries.userGroups(this.s, user, pagenum, pagesize);
  }
  listMembers(id: string, pagenum: number, pagesize: number): { entries: queries.MemberRow[]; count: number } {
    return queries.listMembers(this.s, id, pagenum, pagesize);
  }
  listAdmins(id: string): string[] {
    return queries.listAdmins(this.s, id);
  }
  isJoined(id: string, user: string): boolean {
    return queries.isJoined(this.s, id, user);
  }
  groupCount(): number {
    return this.s.groups.size;
  }
  userCount(): number {
    return this.s.users.size;
  }
}

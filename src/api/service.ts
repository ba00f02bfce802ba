/**
 * The narrow, domain-level face of the group API. live/, apply/ and export/ depend on
 * this interface only, so their tests can use a small fake; `HttpGroupService`
 * (api/http-service.ts) implements it over the typed client. Wire names and wire
 * shapes stay behind it.
 */
import type { Settings, SettingName } from '../model/group.js';

export { ServiceError, type Refusal, type ServiceErrorReason } from './service-error.js';
/** Calls made inside withCallPriority wait ahead of lower ones (the HTTP service honours it; a fake may ignore it). */
export { withCallPriority } from './priority.js';

/** One group as the details call shows it, normalised. */
export interface GroupSnapshot {
  id: string;
  /** Settings the server returned (invite_need_confirm only when the server shows it). */
  settings: Settings;
  disabled: boolean;
  /** The details call's `mute` (mute-all), when the server shows it. */
  muteAll?: boolean;
  owner: string;
  /** Members other than the owner (admins included), sorted, as far as the details call listed them. */
  members: string[];
  /** True when `members` holds everyone (the details call lists at most 10,000). */
  membersComplete: boolean;
  /** Member count including the owner, as the server counts it. */
  memberCount: number;
  /** The count the details call announced (`affiliations_count`), when it gave one: it bounds the member-list read. */
  announcedMembers?: number;
  /** Admins, when the server's affiliations said who they are (newer servers); else undefined. */
  admins?: string[];
  /** Creation time, ms since epoch. */
  created: number;
}

/** A row of the app-group list or of a user's groups. */
export interface GroupSummary {
  id: string;
  name: string;
  /** Bare username (the list call's `{org}#{app}_` prefix removed). */
  owner: string;
  created?: number;
}

/** The server's answer for one name of a batch member call (the wire's own per-name shape is W.MemberResult). */
export interface MemberAnswer {
  user: string;
  ok: boolean;
  /** The server's words when not ok. */
  reason?: string;
}

/**
 * What a details read may leave out (issue 23). `names(id, owner)`, asked once per group with
 * the owner its answer names: a set means the plan compares none of the group's members, so its
 * snapshot keeps only those of the names listed (`membersComplete` false, `memberCount` the
 * server's). A service may ignore it (never ask): the caller (live/read-live.ts) then keeps the same
 * names itself; a service that asks keeps them, and the caller does not filter that group again.
 */
export interface DetailsOptions {
  names?: (id: string, owner: string) => ReadonlySet<string> | undefined;
}

/** Every method rejects with a ServiceError when the service fails it; anything else is a bug. */
export interface GroupService {
  /** Details of up to 100 groups in one call; a missing id maps to null. */
  getGroups(ids: readonly string[], options?: DetailsOptions): Promise<Map<string, GroupSnapshot | null>>;
  /** Admins of a group, sorted. */
  getAdmins(id: string): Promise<string[]>;
  /**
   * Every member of a group through the paged member list. `announced`: the member count
   * the details call gave, which bounds the reading (a list that goes on past it is an error).
   */
  getMembers(id: string, announced?: number): Promise<{ owner: string; members: string[]; admins?: string[] }>;
  /**
   * Every group of the app, page by page (newest first, as the server lists them);
   * `pageSize` 1..1000 (default 1000): 1 makes the cheapest authenticated call there is.
   */
  listGroups(pageSize?: number): AsyncIterable<GroupSummary>;
  /** Every group a user belongs to, page by page. */
  userGroups(user: string): Promise<GroupSummary[]>;

  /** The group's announcement ('' when it has none): one call, made only for groups that declare one. */
  getAnnouncement(id: string): Promise<string>;

  /** The allow list (who may speak while the group is muted), names lowercased and sorted; read only for groups that declare `allow_list`. */
  getAllowList(id: string): Promise<string[]>;

  /** The block list (users barred from the group), names lowercased and sorted; read only for groups that declare `block_list`. */
  getBlockList(id: string): Promise<string[]>;

  /** Whether the app has this user (`GET /users/{username}`; a 404 means no). */
  userExists(user: string): Promise<boolean>;

  /** Create a group; returns its id. Never retried after an ambiguous failure. */
  /**
   * `groupId`: a caller-chosen id (FACTS.md "create, extra fields"; an app may ignore it, so
   * the answer's id is the group's). `scale`: `large` asks for a large group (same section).
   */
  createGroup(input: { settings: Settings; owner: string; members: readonly string[]; groupId?: string; scale?: 'large' }): Promise<string>;
  /** Modify settings; returns, per setting sent, whether the server changed it. */
  updateGroup(id: string, settings: Settings): Promise<Partial<Record<SettingName, boolean>>>;
  transferOwner(id: string, newOwner: string): Promise<void>;
  /** Add up to 60 users in one call. */
  addMembers(id: string, users: readonly string[]): Promise<MemberAnswer[]>;
  /** Remove up to 60 users in one call; partial success is possible. */
  removeMembers(id: string, users: readonly string[]): Promise<MemberAnswer[]>;
  addAdmin(id: string, user: string): Promise<void>;
  removeAdmin(id: string, user: string): Promise<void>;
  enable(id: string): Promise<void>;
  disable(id: string): Promise<void>;
  /** Replace the announcement (at most 512 characters). */
  setAnnouncement(id: string, announcement: string): Promise<void>;
  /** Onto the allow list (members only); one answer per name, in calls of up to 60. */
  addAllow(id: string, users: readonly string[]): Promise<MemberAnswer[]>;
  /** Off the allow list; one answer per name. */
  removeAllow(id: string, users: readonly string[]): Promise<MemberAnswer[]>;
  /** Onto the block list (members only; the server removes them from the group, and the owner cannot be blocked). */
  block(id: string, users: readonly string[]): Promise<MemberAnswer[]>;
  /** Off the block list (they may be added again). */
  unblock(id: string, users: readonly string[]): Promise<MemberAnswer[]>;
  /** Mute all (`POST /chatgroups/{id}/ban`): only the owner, admins and the allow list may speak. */
  muteAll(id: string): Promise<void>;
  /** Undoes muteAll (`DELETE /chatgroups/{id}/ban`). */
  unmuteAll(id: string): Promise<void>;
  dismiss(id: string): Promise<void>;
}

/**
 * The domain vocabulary shared by every stage. Names here are the config's names
 * (`max_users`, `allow_invites`); the wire names (`maxusers`, `allowinvites`,
 * `groupname`) never leave src/api/.
 */
import type { EditionLimits, IdStrategy, SourceRef } from './config-sections.js';
import type { FeatureReads, UserLists } from './lists.js';

export type * from './config-sections.js';

/** A group setting that groupctl can manage, by its config name. */
export type SettingName =
  | 'name'
  | 'description'
  | 'avatar'
  | 'public'
  | 'max_users'
  | 'allow_invites'
  | 'members_only'
  | 'invite_need_confirm'
  | 'custom';

/** Every setting, in the order plans and exports list them. */
export const SETTING_NAMES: readonly SettingName[] = [
  'name',
  'description',
  'avatar',
  'public',
  'max_users',
  'allow_invites',
  'members_only',
  'invite_need_confirm',
  'custom',
];

/** Values of the settings. A setting left out is not managed (desired) or not known (live). */
export interface Settings {
  name?: string;
  description?: string;
  avatar?: string;
  public?: boolean;
  max_users?: number;
  allow_invites?: boolean;
  members_only?: boolean;
  invite_need_confirm?: boolean;
  custom?: string;
}

/** `public` as a create call sends it: the call requires it, and with none declared a private group is the safe choice. */
export function publicOnCreate(settings: Settings): boolean {
  return settings.public ?? false;
}

/** Documented limits of the service (api-docs and FACTS.md). */
export const LIMITS = {
  /** owner + admins <= 100 */
  maxAdmins: 99,
  nameLength: 128,
  descriptionLength: 512,
  /** FACTS.md "Group features": the announcement call refuses more. */
  announcementLength: 512,
  avatarLength: 1024,
  /** FACTS.md: 1024 on modify on an Easemob base (the create page says 8 KB: kept to 1024); plan refuses more there. */
  customLength: 1024,
  /** FACTS.md: the `/app-id/` (Agora) docs allow 8 KB on create, modify and read; the schema's limit, checked without a connection. */
  customLengthAgora: 8192,
  /** Server default for maxusers on create. */
  defaultMaxUsers: 200,
  /** FACTS.md `maxusers` ceilings: a large group (`scale: large`) defaults to 1000. */
  defaultMaxUsersLarge: 1000,
  /** Ids per group-details call. */
  detailsBatch: 100,
  /** Members listed by the details call; larger groups need the member-list call. */
  detailsMemberCap: 10_000,
  /** Names per member add/remove batch call. */
  memberBatch: 60,
  /** Groups per page of the app-group list. */
  listPage: 1000,
  /** Members per page of the member-list call. */
  memberPage: 1000,
  /** User ids: lowercase a-z, 0-9, `_`, `-`, `.`, at most 64 characters. */
  userIdPattern: /^[a-z0-9_.-]{1,64}$/,
  /** Config keys: 1-128 of lowercase a-z, 0-9, `_`, `.`, `-`, starting with a letter or digit (both schemas hold it too). */
  keyPattern: /^[a-z0-9][a-z0-9_.-]{0,127}$/,
  /**
   * Live group ids: digits on the service, but the docs also show custom ids ("group ID XX
   * already exists"), so letters, `_` and `-` pass too; nothing that could change a URL path
   * (`/`, `.`, `%`). The API reader and schemas/plan.schema.json (which decodes saved plans) hold this rule.
   */
  groupIdPattern: /^[A-Za-z0-9_-]{1,64}$/,
} as const;

/**
 * What two groups share when they are "the same group" by owner and name, as a map key:
 * user ids are case-insensitive (FACTS.md), names are compared exactly. The one rule the
 * planner's import matching, the rename check, the saved-plan re-check and apply's twin
 * lanes all use.
 */
export function ownerAndName(owner: string, name: string): string {
  return `${owner.toLowerCase()}\u0000${name}`;
}

/**
 * The one check of a group id that enters from outside (config `id:` through its schema,
 * state and journal bindings, saved plans, `import` arguments): why it is not an id, or
 * undefined when it is one. No request is made with an id that fails it.
 */
export function groupIdProblem(id: unknown): string | undefined {
  if (typeof id === 'string' && LIMITS.groupIdPattern.test(id)) return undefined;
  const shown = typeof id === 'string' ? JSON.stringify(id.length > 80 ? `${id.slice(0, 80)}…` : id) : String(id);
  return `${shown} is not a group id (1 to 64 of A-Z, a-z, 0-9, "_" and "-")`;
}

/** One group as declared in config, after defaults are merged. */
export interface DesiredGroup extends UserLists {
  /** The config key: the group's stable identity in config. */
  key: string;
  /** Where it was declared, for error messages. */
  source: SourceRef;
  /** A live group id to bind to, from `id:` in config. */
  id?: string;
  /** Managed settings only; a setting left out is kept as it is live. */
  settings: Settings;
  /** Required unless `ensure: dismissed`. */
  owner?: string;
  /** Absent: admins are not managed. Present: the exact admin set (owner excluded). */
  admins?: string[];
  /** Absent: membership not managed. Present: the exact member set besides owner and admins. */
  members?: string[];
  /** Absent: not managed. */
  disabled?: boolean;
  /** `mute_all`: only owner, admins and the allow list may speak. Absent: not managed. */
  muteAll?: boolean;
  /** The group announcement (at most 512 characters; '' clears it). Absent: not managed. */
  announcement?: string;
  /**
   * `scale: large` (FACTS.md "create, extra fields"): sent with the create only, for groups
   * over 3000; no read shows it, so an existing group is left as it is. Absent: not sent.
   */
  scale?: 'large';
  /** `present` (default) or `dismissed`. */
  ensure: 'present' | 'dismissed';
  /** Never dismiss. */
  protect: boolean;
}

/** A key rename (`moved:`): the binding of `from` becomes the binding of `to`. */
export interface MovedKey {
  from: string;
  to: string;
  /** Where the entry was written. */
  source: SourceRef;
}

/** A key to forget (`removed:`): its binding is dropped, its live group left alone. */
export interface RemovedKey {
  key: string;
  source: SourceRef;
}

/** The whole declared state: groups by key, sorted by key. */
export interface DesiredState {
  groups: Map<string, DesiredGroup>;
  /** The config files that were read, in the order read. */
  files: string[];
  /** `moved:` entries of every file, sorted by `to`. Absent: none. */
  moved?: MovedKey[];
  /** `removed:` entries of every file, sorted by key. Absent: none. */
  removed?: RemovedKey[];
  /** `limits:` (the app's edition quotas as the config states them), each with where it was written. Absent: none set. */
  limits?: EditionLimits;
  /** `id_strategy:` as the config states it, and where. Absent: not stated (a flag or the default decides). */
  idStrategy?: { value: IdStrategy; source: SourceRef };
}

/** One live group, normalised once from whatever the API returned. */
export interface LiveGroup extends UserLists {
  id: string;
  /**
   * Settings as read. `invite_need_confirm` is absent when the server does not
   * return it (the details call does not document it); see live/.
   */
  settings: Settings;
  disabled: boolean;
  /** The details call's `mute` (mute-all); undefined when the server did not show it. */
  muteAll?: boolean;
  /** The announcement ('' for none); undefined when it was not read (only groups that declare one are read). */
  announcement?: string;
  owner: string;
  /**
   * Admins, sorted; the owner is never among them. Undefined when they were not read:
   * the details call did not name them and the plan had no use for them (plan/reads.ts).
   */
  admins?: string[];
  /**
   * Every member except the owner (admins included), sorted. Complete unless
   * `memberCount` is set: when the details call truncates, the live reader fills it from
   * the member list where the plan needs every name.
   */
  members: string[];
  /**
   * Set only when `members` is partial (the details call's first 10,000, the rest not
   * read): the member count, owner included, as the server counts it.
   */
  memberCount?: number;
  /** Creation time, ms since epoch. */
  created: number;
}

/** What to read of a live group beyond the details call (see plan/reads.ts for when). */
export interface LiveReads extends FeatureReads {
  /** The admin list, when the details call does not name the admins. */
  admins: boolean;
  /** Every member: the paged member list, when the details call listed only part. */
  members: boolean;
}

/** Members of a live group, owner included, whether or not every name was read. */
export function liveMemberCount(group: LiveGroup): number {
  return group.memberCount ?? 1 + group.members.length;
}

/** What the tool keeps between runs (see state/). */
export interface Binding {
  /** Live group id. */
  id: string;
  /**
   * `invite_need_confirm`: the value groupctl last set (the API does not return it).
   * `allow_invites: true`: groupctl set it and the read-back showed the service kept false
   * on this public group (FACTS.md "create, public group"), so plan warns instead of
   * repeating the update; `false` (or absent): no such record. Apply rewrites it whenever
   * it writes `public` or `allow_invites`.
   */
  written?: Partial<Pick<Settings, 'invite_need_confirm' | 'allow_invites'>>;
}

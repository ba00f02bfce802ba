/**
 * The service's documented limits and wire shapes, as the emulator enforces them: its
 * own table, from the api-docs pages and FACTS.md, imported from nothing in the client.
 * A contract test (test/api/oracle-contract.test.ts) pins the client's limits to this one,
 * so a wrong belief must be held twice, in two places, to pass.
 */
export const SERVICE_LIMITS = {
  /** FACTS.md: owner + admins <= 100. */
  maxAdmins: 99,
  /** FACTS.md: names per add-members / remove-members call, users per register call. */
  batch: 60,
  /** FACTS.md: keep the batch-removal URL under 4 KB. */
  maxUrlLength: 4096,
  /** FACTS.md: ids per details call. */
  detailsBatch: 100,
  /** FACTS.md: members the details call lists, owner included. */
  detailsMemberCap: 10_000,
  /** List app groups: `limit` 1..1000, default 10. */
  listLimit: 1000,
  listLimitDefault: 10,
  /** List members: `pagesize` 1..1000, default 1000; `pagenum` from 1. */
  memberPageSize: 1000,
  /** The Java 1.x javadoc's reading (dialect member-pages-100): `pagesize` 1..100, default 10. */
  memberPageSizeJava1: 100,
  memberPageSizeJava1Default: 10,
  /** Affiliations the details call lists under the details-partial dialect. */
  detailsPartialCap: 100,
  /** A user's groups: `pagesize` 1..20, default 5; `pagenum` from 0 (doc page). */
  userGroupsPageSize: 20,
  userGroupsPageSizeDefault: 5,
  /** maxusers when create gives none. */
  defaultMaxUsers: 200,
  /** FACTS.md `maxusers` ceilings: a large group (`scale: large` on create) defaults to 1000. */
  defaultMaxUsersLarge: 1000,
  /** Field lengths: the create and modify pages (custom: the modify page's 1024). */
  groupnameLength: 128,
  descriptionLength: 512,
  /** FACTS.md "Group features": the announcement call refuses more. */
  announcementLength: 512,
  avatarLength: 1024,
  customLength: 1024,
  /** FACTS.md: the `/app-id/` (Agora) docs allow custom up to 8 KB on create, modify and read. */
  customLengthAgora: 8192,
  /** FACTS.md: a user id is at most 64 of lowercase a-z, 0-9, `_`, `-`, `.`; case-insensitive. */
  userIdPattern: /^[a-z0-9_.-]{1,64}$/,
} as const;

/**
 * FACTS.md "Rate limits": per API, most group and member calls 100/s (the app's limit,
 * `rateLimit`), a user's groups 50/s and the token call 300/s, each its own budget. Enforced
 * only when the app has a rate limit at all.
 */
export const API_RATE_LIMITS: Readonly<Record<string, number>> = Object.freeze({ 'user-groups': 50, token: 300 });

/** Group settings by their wire names, as create and modify take them (the doc pages' spelling). */
export interface WireSettings {
  groupname?: string;
  avatar?: string;
  description?: string;
  public?: boolean;
  maxusers?: number;
  allowinvites?: boolean;
  membersonly?: boolean;
  invite_need_confirm?: boolean;
  custom?: string;
}

/** The string settings and their length limits. */
export const STRING_LIMITS = {
  groupname: SERVICE_LIMITS.groupnameLength,
  description: SERVICE_LIMITS.descriptionLength,
  avatar: SERVICE_LIMITS.avatarLength,
  // The store keeps the larger limit; the Easemob base's 1024 is checked per call (replies/groups.ts).
  custom: SERVICE_LIMITS.customLengthAgora,
} as const;

export const BOOLEAN_FIELDS = ['public', 'allowinvites', 'membersonly', 'invite_need_confirm'] as const;

/** The fields the modify page allows; anything else is refused by name. */
export const MODIFIABLE_FIELDS: ReadonlySet<string> = new Set<keyof WireSettings>([
  'groupname', 'avatar', 'description', 'maxusers', 'membersonly', 'allowinvites', 'invite_need_confirm', 'custom', 'public',
]);

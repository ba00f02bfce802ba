/**
 * Request and response bodies of every call, as the vendor pages and FACTS.md show them.
 * Wire names live here, in the client and in the normaliser only. Response fields are
 * optional where a server might leave them out; the normaliser decides what is required.
 */

/** Fields every answer may carry (the doc pages' 公共参数). */
export interface Envelope {
  action?: string;
  application?: string;
  applicationName?: string;
  organization?: string;
  uri?: string;
  path?: string;
  entities?: unknown[];
  timestamp?: number;
  duration?: number;
  properties?: Record<string, unknown>;
}

/** An answer whose payload is in `data`. */
export interface DataEnvelope<T> extends Envelope {
  data: T;
  count?: number;
}

/** The error body (FACTS.md, Errors). */
export interface ErrorBody {
  error?: string;
  exception?: string;
  timestamp?: number;
  duration?: number;
  error_description?: string;
}

// ---- settings ----

/** Settings on create and modify, by wire name. */
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

// ---- create: POST /chatgroups ----
export interface CreateGroupRequest extends WireSettings {
  /** Required by the server ("group must contain public field!"). */
  public: boolean;
  owner: string;
  /** Not including the owner. */
  members?: string[];
  /** A caller-chosen id (FACTS.md "create, extra fields"); taken: 400 "group ID X already exists!". */
  groupid?: string;
  /** `large` for a group over 3000 members (FACTS.md "create, extra fields"; not in the doc's body table). */
  scale?: 'large';
}
export type CreateGroupResponse = DataEnvelope<{ groupid: string }>;

// ---- modify: PUT /chatgroups/{id} ----
/** `name` is the Java 1.x SDK's spelling of `groupname` on modify (FACTS.md). */
export type ModifyGroupRequest = WireSettings & { name?: string };
/** One boolean per field given: false means not changed. */
export type ModifyGroupResponse = DataEnvelope<Partial<Record<keyof WireSettings, boolean>>>;

// ---- transfer: PUT /chatgroups/{id} ----
export interface TransferOwnerRequest {
  newowner: string;
}
export type TransferOwnerResponse = DataEnvelope<{ newowner: boolean }>;

// ---- dismiss: DELETE /chatgroups/{id} ----
export type DismissGroupResponse = DataEnvelope<{ success: boolean; groupid: string }>;

// ---- disable / enable: POST /chatgroups/{id}/disable|enable ----
export type DisableGroupResponse = DataEnvelope<{ disabled: boolean }>;

// ---- mute all: POST / DELETE /chatgroups/{id}/ban ----
export type MuteAllResponse = DataEnvelope<{ mute?: boolean }>;

// ---- announcement: GET / POST /chatgroups/{id}/announcement {"announcement": "..."} ----
export type GetAnnouncementResponse = DataEnvelope<{ announcement?: string }>;
export type SetAnnouncementResponse = DataEnvelope<{ id?: string; result?: boolean }>;

// ---- allow list (`white/users`) and block list (`blocks/users`): GET, POST {"usernames"}, DELETE .../{u1,u2} ----
export type UserList = 'allow' | 'block';
/** The names; the block list on Agora pages with `cursor` (absent on the last page). */
export type UserListResponse = DataEnvelope<string[]> & { cursor?: string };
export type UserListWriteResponse = DataEnvelope<MemberResult[] | MemberResult>;

// ---- details: GET /chatgroups/{id1,id2,...} ----
/** One-key role object: `{owner: u}`, `{member: u}`, on newer servers `{admin: u}`. */
export type Affiliation = { owner: string } | { admin: string } | { member: string };

export interface GroupDetails {
  id: string;
  name?: string;
  avatar?: string;
  description?: string;
  membersonly?: boolean;
  allowinvites?: boolean;
  /** Not documented on the details call; some servers may show it. */
  invite_need_confirm?: boolean;
  maxusers?: number;
  owner?: string;
  /** Unix ms; may come as a string. */
  created?: number | string;
  custom?: string;
  mute?: boolean;
  affiliations_count?: number;
  disabled?: boolean;
  affiliations?: Affiliation[];
  public?: boolean;
}
/**
 * The docs say a missing id in a batch answers "group id doesn't exist" without a shape:
 * an entry with an error field, a bare string, or nothing at all.
 */
export type GroupDetailsEntry = GroupDetails | { id?: string; error?: string; error_description?: string } | string;
export type GroupDetailsResponse = DataEnvelope<GroupDetailsEntry[]>;

// ---- list app groups: GET /chatgroups?limit=&cursor= ----
export interface ListedGroup {
  /** `{org}#{app}_{username}` */
  owner: string;
  groupid: string;
  /** Member count. */
  affiliations?: number;
  type?: string;
  /** Unix ms as a string. */
  lastModified?: string | number;
  created?: string | number;
  groupname?: string;
}
export interface ListGroupsResponse extends DataEnvelope<ListedGroup[]> {
  cursor?: string;
  params?: Record<string, string[]>;
}

// ---- a user's groups: GET /chatgroups/user/{username}?pagesize=&pagenum= ----
export interface UserGroup {
  groupId: string;
  id?: string;
  name?: string;
  avatar?: string;
  owner?: string;
  description?: string;
  disabled?: boolean;
  public?: boolean;
  allowinvites?: boolean;
  membersonly?: boolean;
  maxusers?: number;
  created?: number | string;
}
export interface UserGroupsResponse extends Envelope {
  entities: UserGroup[];
  total?: number;
}

// ---- is joined: GET /chatgroups/{id}/user/{username}/is_joined ----
export type IsJoinedResponse = DataEnvelope<boolean>;

// ---- admins ----
/** GET /chatgroups/{id}/admin */
export type ListAdminsResponse = DataEnvelope<string[]>;
/** POST /chatgroups/{id}/admin */
export interface AddAdminRequest {
  newadmin: string;
}
export type AddAdminResponse = DataEnvelope<{ result: string; newadmin: string }>;
/** DELETE /chatgroups/{id}/admin/{username} */
export type RemoveAdminResponse = DataEnvelope<{ result: string | boolean; oldadmin: string }>;

// ---- members (FACTS.md, Members) ----
/** GET /chatgroups/{id}/users?pagenum=&pagesize= */
export type ListMembersResponse = DataEnvelope<Affiliation[]>;
/** POST /chatgroups/{id}/users/{username} and DELETE of the same */
export interface MemberResult {
  result: boolean;
  reason?: string;
  groupid?: string;
  action?: string;
  user: string;
}
export type AddMemberResponse = DataEnvelope<MemberResult>;
export type RemoveMemberResponse = DataEnvelope<MemberResult>;
/** POST /chatgroups/{id}/users */
export interface AddMembersRequest {
  usernames: string[];
}
export type AddMembersResponse = DataEnvelope<{ newmembers: string[]; groupid?: string; action?: string }>;
/** DELETE /chatgroups/{id}/users/{u1},{u2}: an array, or one object when one name is given. */
export type RemoveMembersResponse = DataEnvelope<MemberResult[] | MemberResult>;

// ---- users (FACTS.md, Users) ----
export interface RegisterUser {
  username: string;
  password: string;
}
export interface RegisteredUser {
  uuid?: string;
  type?: string;
  created?: number;
  modified?: number;
  username: string;
  activated?: boolean;
}
export interface RegisterUsersResponse extends Envelope {
  entities: RegisteredUser[];
}

/** GET /users/{username} (FACTS.md "Users"): one entity; an unknown user is a 404. */
export interface GetUserResponse extends Envelope {
  entities?: Array<{ username?: unknown }>;
  count?: number;
}

// ---- token (FACTS.md, Tokens) ----
export interface TokenRequest {
  grant_type: 'client_credentials';
  client_id: string;
  client_secret: string;
  ttl?: number;
}
/** The Agora token exchange (Java 1.x): the built app token goes in the Authorization header. */
export interface AgoraExchangeRequest {
  grant_type: 'agora';
}
export interface TokenResponse {
  access_token: string;
  /** Seconds by the docs; milliseconds on some cluster (auth.ts decides). */
  expires_in?: number | string;
  /** Epoch ms: what the Agora token exchange answers instead of expires_in (Java 1.x). */
  expire_timestamp?: number;
  application?: string;
}

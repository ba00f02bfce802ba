/**
 * The REST calls of the two doc pages plus the FACTS.md member, token and user calls,
 * mapped onto the store, with the answer shapes of the doc examples. Paths here are
 * relative to the app base (`/{org}/{app}` or `/app-id/{appId}`).
 */
import {
  alreadyMembers,
  expiresIn,
  missingDetailsRow,
  notMembers,
  readCreateBody,
  readModifyBody,
  userGroupsPage,
} from './dialect-wire.js';
import type { Readings } from './dialects.js';
import { envelope, type AppIdentity, type CallInfo, type Reply } from './envelope.js';
import type { Mutate } from './persistence.js';
import { StoreError, type GroupRecord, type GroupStore } from './store.js';
import type { TokenCheck, TokenIssuer } from './tokens.js';
import { invalid } from './wire-settings.js';

/** The call kinds counted by `counters()`. */
export const CALL_KINDS = [
  'token', 'register-users', 'create-group', 'get-groups', 'list-groups', 'user-groups', 'is-joined',
  'modify-group', 'transfer', 'disable', 'enable', 'dismiss', 'list-admins', 'add-admin', 'remove-admin',
  'list-members', 'add-member', 'add-members', 'remove-member', 'remove-members',
] as const;
export type CallKind = (typeof CALL_KINDS)[number];

export interface RouteDeps {
  store: GroupStore;
  mutate: Mutate;
  app: AppIdentity;
  call: CallInfo;
  now: () => number;
  tokens: TokenIssuer;
  credentials: { clientId: string; clientSecret: string; tokenTtlSeconds: number };
  readings: Readings;
  /** The request's Bearer token, if any (the Agora exchange reads it). */
  bearer?: string;
  /** Checks an Agora app token; undefined when no App Certificate is configured. */
  checkAgora?: (token: string) => TokenCheck;
}

export interface Route {
  kind: CallKind;
  /** Changes state (so a dropped connection may or may not have applied it). */
  mutating: boolean;
  /** Every call but `/token` needs the Bearer token. */
  needsAuth: boolean;
  run(deps: RouteDeps): Reply;
}

/** FACTS.md: the details call lists at most 10,000 members, owner included. */
const DETAILS_MEMBER_CAP = 10_000;

/** Assumption: Easemob's default token lifetime, 60 days, when neither the option nor `ttl` says otherwise. */
export const DEFAULT_TOKEN_TTL_SECONDS = 60 * 24 * 3600;

/** The route for a request, or undefined when no call has that method and path. */
export function findRoute(method: string, path: string[], body: unknown): Route | undefined {
  const [root, a, b, c, d] = path;
  const n = path.length;
  const route = (kind: CallKind, mutating: boolean, run: Route['run'], needsAuth = true): Route => ({ kind, mutating, needsAuth, run });

  if (n === 1 && root === 'token' && method === 'POST') return route('token', false, (x) => tokenReply(x, body), false);
  if (n === 1 && root === 'users' && method === 'POST') return route('register-users', true, (x) => registerUsers(x, body));
  if (root !== 'chatgroups' || n > 5) return undefined;
  if (n === 1) {
    if (method === 'POST') return route('create-group', true, (x) => createGroup(x, body));
    if (method === 'GET') return route('list-groups', false, listGroups);
    return undefined;
  }
  if (n === 3 && a === 'user' && method === 'GET') return route('user-groups', false, (x) => userGroups(x, b!));
  const id = a!;
  if (n === 2) {
    if (method === 'GET') return route('get-groups', false, (x) => getGroups(x, id));
    if (method === 'DELETE') return route('dismiss', true, (x) => (x.mutate('dismiss', id), ok(x, { data: { success: true, groupid: id } })));
    if (method === 'PUT') {
      const input = isObject(body) ? body : {};
      if ('newowner' in input) return route('transfer', true, (x) => transfer(x, id, input['newowner']));
      return route('modify-group', true, (x) => ok(x, { data: x.mutate('modifyGroup', id, readModifyBody(x.readings, objectBody(body))) }));
    }
    return undefined;
  }
  if (n === 3 && (b === 'disable' || b === 'enable') && method === 'POST') {
    return route(b, true, (x) => (x.mutate(b, id), ok(x, { data: { disabled: b === 'disable' } })));
  }
  if (n === 5 && b === 'user' && d === 'is_joined' && method === 'GET') {
    return route('is-joined', false, (x) => ok(x, { data: x.store.isJoined(id, c!) }));
  }
  if (b === 'admin') {
    if (n === 3 && method === 'GET') return route('list-admins', false, (x) => listAdmins(x, id));
    if (n === 3 && method === 'POST') return route('add-admin', true, (x) => addAdmin(x, id, body));
    if (n === 4 && method === 'DELETE') {
      return route('remove-admin', true, (x) => (x.mutate('removeAdmin', id, c!), ok(x, { data: { result: 'success', oldadmin: c!.toLowerCase() } })));
    }
    return undefined;
  }
  if (b === 'users') {
    if (n === 3 && method === 'GET') return route('list-members', false, (x) => listMembers(x, id));
    if (n === 3 && method === 'POST') return route('add-members', true, (x) => addMembers(x, id, body));
    if (n === 4 && method === 'POST') return route('add-member', true, (x) => addMember(x, id, c!));
    if (n === 4 && method === 'DELETE') {
      const names = c!.split(',').filter((u) => u !== '');
      if (names.length > 1) return route('remove-members', true, (x) => removeMembers(x, id, names));
      return route('remove-member', true, (x) => removeMember(x, id, names[0] ?? c!));
    }
  }
  return undefined;
}

function ok(deps: RouteDeps, fields: Record<string, unknown>): Reply {
  return { status: 200, body: envelope(deps.app, deps.call, deps.now(), fields) };
}

function createGroup(deps: RouteDeps, body: unknown): Reply {
  return ok(deps, { data: { groupid: deps.mutate('createGroup', readCreateBody(deps.readings, objectBody(body))) } });
}

/**
 * Assumption: bad client credentials answer 400 invalid_grant (not 401, so that a
 * client's "refresh the token once on 401" never loops on the token call itself).
 * `ttl` in seconds is honoured when it is a positive integer.
 */
function tokenReply(deps: RouteDeps, body: unknown): Reply {
  const input = isObject(body) ? body : {};
  if (input['grant_type'] === 'agora' && deps.readings.agoraAuth === 'exchange') return exchangeAgoraToken(deps);
  const { clientId, clientSecret, tokenTtlSeconds } = deps.credentials;
  if (input['grant_type'] !== 'client_credentials') {
    throw new StoreError(400, 'unsupported_grant_type', 'grant_type must be client_credentials');
  }
  if (input['client_id'] !== clientId || input['client_secret'] !== clientSecret) {
    throw new StoreError(400, 'invalid_grant', 'client_id or client_secret is not valid');
  }
  const ttl = input['ttl'];
  const seconds = typeof ttl === 'number' && Number.isInteger(ttl) && ttl > 0 ? ttl : tokenTtlSeconds;
  return {
    status: 200,
    body: { access_token: deps.tokens.issue(seconds), expires_in: expiresIn(deps.readings, seconds), application: deps.app.application },
  };
}

/**
 * Java SDK 1.x: `POST {base}/token {"grant_type":"agora"}` with the Agora app token as
 * the Bearer answers an Easemob token and its expiry as epoch milliseconds
 * (`expire_timestamp`), and nothing else. The token lives as long as the default ttl.
 */
function exchangeAgoraToken(deps: RouteDeps): Reply {
  const check = deps.bearer === undefined || deps.checkAgora === undefined ? 'invalid' : deps.checkAgora(deps.bearer);
  if (check !== 'ok') {
    throw new StoreError(401, 'unauthorized', check === 'expired' ? 'Unable to authenticate due to expired access token' : 'Unable to authenticate (OAuth)');
  }
  const seconds = deps.credentials.tokenTtlSeconds;
  return { status: 200, body: { access_token: deps.tokens.issue(seconds), expire_timestamp: deps.now() + seconds * 1000 } };
}

function registerUsers(deps: RouteDeps, body: unknown): Reply {
  const list = Array.isArray(body) ? body : isObject(body) ? [body] : undefined;
  if (list === undefined || !list.every(isObject)) throw invalid('request body must be a user or an array of users');
  const users = list.map((u) => ({ username: u['username'] as string, ...(typeof u['password'] === 'string' ? { password: u['password'] } : {}) }));
  const created = deps.mutate('registerUsers', users);
  return ok(deps, {
    path: '/users',
    entities: created.map((u) => ({ uuid: u.uuid, type: 'user', created: u.created, modified: u.created, username: u.username, activated: true })),
    data: [],
  });
}

function listGroups(deps: RouteDeps): Reply {
  const { org, app } = deps.app;
  const limit = intParam(deps.call.query, 'limit', 10);
  const cursor = deps.call.query.get('cursor') ?? undefined;
  const page = deps.store.listGroups(limit, cursor);
  const data = page.groups.map((g) => ({
    owner: `${org}#${app}_${g.owner}`,
    groupid: g.id,
    affiliations: g.members.length + 1,
    type: 'group',
    lastModified: String(g.lastModified),
    groupname: g.groupname,
  }));
  return ok(deps, { data, count: data.length, ...(page.cursor !== undefined ? { cursor: page.cursor } : {}) });
}

/**
 * One id: a missing group is the page's 404. Several ids: the page says missing ones
 * answer "group id doesn't exist" without a shape; by default `{id, error}` in `data`
 * (dialects: an entry without owner, or nothing), in request order, and `count` is
 * the number of entries in `data`.
 */
function getGroups(deps: RouteDeps, idList: string): Reply {
  const ids = idList.split(',').filter((id) => id !== '');
  const found = deps.store.getGroups(ids);
  if (ids.length === 1 && 'missing' in found[0]!) {
    throw new StoreError(404, 'resource_not_found', `grpID ${ids[0]} does not exist!`);
  }
  const data = found.flatMap((g) => {
    const row = 'missing' in g ? missingDetailsRow(deps.readings, g.id) : details(g);
    return row === undefined ? [] : [row];
  });
  return ok(deps, { data, count: data.length });
}

/** The details page lists admins as `member`; the example puts members before the owner. */
function details(g: GroupRecord): Record<string, unknown> {
  const members = g.members.slice(0, DETAILS_MEMBER_CAP - 1).map((member) => ({ member }));
  return {
    id: g.id,
    name: g.groupname,
    avatar: g.avatar,
    description: g.description,
    membersonly: g.membersonly,
    allowinvites: g.allowinvites,
    maxusers: g.maxusers,
    owner: g.owner,
    created: g.created,
    custom: g.custom,
    mute: g.mute,
    affiliations_count: g.members.length + 1,
    disabled: g.disabled,
    affiliations: [...members, { owner: g.owner }],
    public: g.public,
  };
}

function userGroups(deps: RouteDeps, user: string): Reply {
  const pagesize = intParam(deps.call.query, 'pagesize', 5);
  const pagenum = userGroupsPage(deps.readings, intParam(deps.call.query, 'pagenum', 0));
  const page = deps.store.userGroups(user, pagenum ?? 0, pagesize);
  const groups = pagenum === undefined ? [] : page.groups;
  const entities = groups.map((g) => ({
    name: g.groupname,
    avatar: g.avatar,
    owner: g.owner,
    id: g.id,
    groupId: g.id,
    description: g.description,
    disabled: g.disabled,
    public: g.public,
    allowinvites: g.allowinvites,
    membersonly: g.membersonly,
    maxusers: g.maxusers,
    created: g.created,
  }));
  return ok(deps, { entities, total: page.total });
}

function transfer(deps: RouteDeps, id: string, newOwner: unknown): Reply {
  if (typeof newOwner !== 'string' || newOwner === '') throw invalid('newowner must be provided');
  deps.mutate('transferOwner', id, newOwner);
  return ok(deps, { data: { newowner: true } });
}

function listAdmins(deps: RouteDeps, id: string): Reply {
  const data = deps.store.listAdmins(id);
  return ok(deps, { data, count: data.length });
}

function addAdmin(deps: RouteDeps, id: string, body: unknown): Reply {
  const user = objectBody(body)['newadmin'];
  if (typeof user !== 'string' || user === '') throw invalid('newadmin must be provided');
  deps.mutate('addAdmin', id, user);
  return ok(deps, { data: { result: 'success', newadmin: user.toLowerCase() } });
}

function listMembers(deps: RouteDeps, id: string): Reply {
  const pagenum = intParam(deps.call.query, 'pagenum', 1);
  const pagesize = intParam(deps.call.query, 'pagesize', 1000);
  const page = deps.store.listMembers(id, pagenum, pagesize);
  const data = deps.readings.adminRow === 'member' ? page.entries.map((row) => ('admin' in row ? { member: row.admin } : row)) : page.entries;
  return ok(deps, { data, count: page.count });
}

function addMember(deps: RouteDeps, id: string, user: string): Reply {
  deps.mutate('addMember', id, user);
  return ok(deps, { data: { result: true, groupid: id, action: 'add_member', user: user.toLowerCase() } });
}

function addMembers(deps: RouteDeps, id: string, body: unknown): Reply {
  const usernames = objectBody(body)['usernames'];
  if (!Array.isArray(usernames)) throw invalid('usernames must be provided');
  const newmembers = deps.mutate('addMembers', id, usernames as string[]);
  // Nothing changed, so refusing after the (journaled) call leaves the state as refused.
  if (newmembers.length === 0 && deps.readings.batchAddNone === 'refuse') throw alreadyMembers(usernames as string[]);
  return ok(deps, { data: { newmembers, groupid: id, action: 'add_member' } });
}

function removeMember(deps: RouteDeps, id: string, user: string): Reply {
  deps.mutate('removeMember', id, user);
  return ok(deps, { data: { result: true, groupid: id, action: 'remove_member', user: user.toLowerCase() } });
}

function removeMembers(deps: RouteDeps, id: string, users: string[]): Reply {
  const results = deps.mutate('removeMembers', id, users);
  if (!results.some((r) => r.result) && deps.readings.batchRemoveNone === 'refuse') throw notMembers(results.map((r) => r.user));
  const data = results.map((r) => ({
    result: r.result,
    ...(r.reason !== undefined ? { reason: r.reason } : {}),
    groupid: id,
    action: 'remove_member',
    user: r.user,
  }));
  return ok(deps, { data });
}

function objectBody(body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw invalid('request body must be a JSON object');
  return body;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Missing or not a number: the default; the store clamps the range. */
function intParam(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  const value = raw === null || raw === '' ? NaN : Number(raw);
  return Number.isFinite(value) ? Math.trunc(value) : fallback;
}

/**
 * The REST calls of the two doc pages plus the FACTS.md member, token and user calls,
 * as a table of method + path pattern -> call kind and reply. Paths are relative to
 * the app base (`/{org}/{app}` or `/app-id/{appId}`); the first row that matches wins.
 */
import type { Reply } from './envelope.js';
import { getUser, registerUsers, tokenReply } from './replies/app.js';
import { isObject, ok, type RouteDeps } from './replies/common.js';
import * as groups from './replies/groups.js';
import * as features from './replies/features.js';
import * as members from './replies/members.js';

export { DEFAULT_TOKEN_TTL_SECONDS } from './replies/app.js';
export type { RouteDeps } from './replies/common.js';

/** The call kinds counted by `counters()`. */
export const CALL_KINDS = [
  'token', 'register-users', 'get-user', 'create-group', 'get-groups', 'list-groups', 'user-groups', 'is-joined',
  'modify-group', 'transfer', 'disable', 'enable', 'dismiss', 'list-admins', 'add-admin', 'remove-admin',
  'list-members', 'add-member', 'add-members', 'remove-member', 'remove-members', 'mute-all', 'unmute-all',
  'get-announcement', 'set-announcement', 'list-allow', 'add-allow', 'remove-allow', 'list-blocks', 'add-blocks', 'remove-blocks',
] as const;
export type CallKind = (typeof CALL_KINDS)[number];

export interface Route {
  kind: CallKind;
  /** Changes state (so a dropped connection may or may not have applied it). */
  mutating: boolean;
  /** Every call but `/token` needs the Bearer token. */
  needsAuth: boolean;
  run(deps: RouteDeps): Reply;
}

/** What a row's reply gets: the `:name` segments of the path and the parsed body. */
interface Match {
  params: Record<string, string>;
  body: unknown;
}

interface RouteRow {
  method: string;
  /** Segments; `:name` matches any one segment. */
  path: string;
  kind: CallKind;
  mutating?: boolean;
  /** Only `/token` is false. */
  needsAuth?: boolean;
  /** A further condition on the request, for two calls on one method and path. */
  when?: (m: Match) => boolean;
  reply(deps: RouteDeps, m: Match): Reply;
}

const hasNewOwner = (m: Match) => isObject(m.body) && 'newowner' in m.body;
const userList = (m: Match) => m.params['users']!.split(',').filter((u) => u !== '');

const ROUTES: readonly RouteRow[] = [
  { method: 'POST', path: 'token', kind: 'token', needsAuth: false, reply: (x, m) => tokenReply(x, m.body) },
  { method: 'POST', path: 'users', kind: 'register-users', mutating: true, reply: (x, m) => registerUsers(x, m.body) },
  { method: 'GET', path: 'users/:user', kind: 'get-user', reply: (x, m) => getUser(x, m.params['user']!) },
  { method: 'POST', path: 'chatgroups', kind: 'create-group', mutating: true, reply: (x, m) => groups.createGroup(x, m.body) },
  { method: 'GET', path: 'chatgroups', kind: 'list-groups', reply: (x) => groups.listGroups(x) },
  { method: 'GET', path: 'chatgroups/user/:user', kind: 'user-groups', reply: (x, m) => groups.userGroups(x, m.params['user']!) },
  { method: 'GET', path: 'chatgroups/:id', kind: 'get-groups', reply: (x, m) => groups.getGroups(x, m.params['id']!) },
  {
    method: 'DELETE', path: 'chatgroups/:id', kind: 'dismiss', mutating: true,
    reply: (x, { params: { id } }) => (x.mutate('dismiss', id!), ok(x, { data: { success: true, groupid: id } })),
  },
  {
    method: 'PUT', path: 'chatgroups/:id', kind: 'transfer', mutating: true, when: hasNewOwner,
    reply: (x, m) => groups.transfer(x, m.params['id']!, (m.body as Record<string, unknown>)['newowner']),
  },
  { method: 'PUT', path: 'chatgroups/:id', kind: 'modify-group', mutating: true, reply: (x, m) => groups.modifyGroup(x, m.params['id']!, m.body) },
  {
    method: 'POST', path: 'chatgroups/:id/disable', kind: 'disable', mutating: true,
    reply: (x, { params: { id } }) => (x.mutate('disable', id!), ok(x, { data: { disabled: true } })),
  },
  {
    method: 'POST', path: 'chatgroups/:id/enable', kind: 'enable', mutating: true,
    reply: (x, { params: { id } }) => (x.mutate('enable', id!), ok(x, { data: { disabled: false } })),
  },
  {
    method: 'GET', path: 'chatgroups/:id/announcement', kind: 'get-announcement',
    reply: (x, { params: { id } }) => ok(x, { data: { announcement: x.store.getAnnouncement(id!) } }),
  },
  {
    method: 'POST', path: 'chatgroups/:id/announcement', kind: 'set-announcement', mutating: true,
    reply: (x, { params: { id }, body }) => (x.mutate('setAnnouncement', id!, body), ok(x, { data: { id, result: true } })),
  },
  {
    method: 'POST', path: 'chatgroups/:id/ban', kind: 'mute-all', mutating: true,
    reply: (x, { params: { id } }) => (x.mutate('muteAll', id!), ok(x, { data: { mute: true } })),
  },
  {
    method: 'DELETE', path: 'chatgroups/:id/ban', kind: 'unmute-all', mutating: true,
    reply: (x, { params: { id } }) => (x.mutate('unmuteAll', id!), ok(x, { data: { mute: false } })),
  },
  { method: 'GET', path: 'chatgroups/:id/white/users', kind: 'list-allow', reply: (x, m) => features.listAllow(x, m.params['id']!) },
  { method: 'POST', path: 'chatgroups/:id/white/users', kind: 'add-allow', mutating: true, reply: (x, m) => features.addToList(x, 'addAllow', m.params['id']!, m.body) },
  {
    method: 'POST', path: 'chatgroups/:id/white/users/:user', kind: 'add-allow', mutating: true,
    reply: (x, m) => features.addToList(x, 'addAllow', m.params['id']!, { usernames: [m.params['user']!] }),
  },
  { method: 'DELETE', path: 'chatgroups/:id/white/users/:users', kind: 'remove-allow', mutating: true, reply: (x, m) => features.removeFromList(x, 'removeAllow', m.params['id']!, userList(m)) },
  { method: 'GET', path: 'chatgroups/:id/blocks/users', kind: 'list-blocks', reply: (x, m) => features.listBlocks(x, m.params['id']!) },
  { method: 'POST', path: 'chatgroups/:id/blocks/users', kind: 'add-blocks', mutating: true, reply: (x, m) => features.addToList(x, 'addBlocks', m.params['id']!, m.body) },
  {
    method: 'POST', path: 'chatgroups/:id/blocks/users/:user', kind: 'add-blocks', mutating: true,
    reply: (x, m) => features.addToList(x, 'addBlocks', m.params['id']!, { usernames: [m.params['user']!] }),
  },
  { method: 'DELETE', path: 'chatgroups/:id/blocks/users/:users', kind: 'remove-blocks', mutating: true, reply: (x, m) => features.removeFromList(x, 'removeBlocks', m.params['id']!, userList(m)) },
  { method: 'GET', path: 'chatgroups/:id/user/:user/is_joined', kind: 'is-joined', reply: (x, m) => members.isJoined(x, m.params['id']!, m.params['user']!) },
  { method: 'GET', path: 'chatgroups/:id/admin', kind: 'list-admins', reply: (x, m) => members.listAdmins(x, m.params['id']!) },
  { method: 'POST', path: 'chatgroups/:id/admin', kind: 'add-admin', mutating: true, reply: (x, m) => members.addAdmin(x, m.params['id']!, m.body) },
  {
    method: 'DELETE', path: 'chatgroups/:id/admin/:user', kind: 'remove-admin', mutating: true,
    reply: (x, m) => members.removeAdmin(x, m.params['id']!, m.params['user']!),
  },
  { method: 'GET', path: 'chatgroups/:id/users', kind: 'list-members', reply: (x, m) => members.listMembers(x, m.params['id']!) },
  { method: 'POST', path: 'chatgroups/:id/users', kind: 'add-members', mutating: true, reply: (x, m) => members.addMembers(x, m.params['id']!, m.body) },
  { method: 'POST', path: 'chatgroups/:id/users/:user', kind: 'add-member', mutating: true, reply: (x, m) => members.addMember(x, m.params['id']!, m.params['user']!) },
  {
    method: 'DELETE', path: 'chatgroups/:id/users/:users', kind: 'remove-members', mutating: true, when: (m) => userList(m).length > 1,
    reply: (x, m) => members.removeMembers(x, m.params['id']!, userList(m)),
  },
  {
    method: 'DELETE', path: 'chatgroups/:id/users/:users', kind: 'remove-member', mutating: true,
    reply: (x, m) => members.removeMember(x, m.params['id']!, userList(m)[0] ?? m.params['users']!),
  },
];

const PATTERNS = ROUTES.map((row) => row.path.split('/'));

/** The route for a request, or undefined when no call has that method and path. */
export function findRoute(method: string, path: string[], body: unknown): Route | undefined {
  for (const [index, row] of ROUTES.entries()) {
    if (row.method !== method) continue;
    const params = matchPath(PATTERNS[index]!, path);
    if (params === undefined) continue;
    const match: Match = { params, body };
    if (row.when !== undefined && !row.when(match)) continue;
    return { kind: row.kind, mutating: row.mutating ?? false, needsAuth: row.needsAuth ?? true, run: (deps) => row.reply(deps, match) };
  }
  return undefined;
}

function matchPath(pattern: readonly string[], path: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== path.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of pattern.entries()) {
    if (part.startsWith(':')) params[part.slice(1)] = path[i]!;
    else if (part !== path[i]) return undefined;
  }
  return params;
}

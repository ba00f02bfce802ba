/**
 * Each call's kind, method and URL path, spelled once: the client sends them, and the
 * service and the paged reads name the same call in their errors. Paths are relative to
 * the base path, segments encoded; queries are added by the client.
 */
import type { Method } from './attempt.js';

/** One API call: as the client sends it, as stats count it and as errors name it. */
export interface ApiCall {
  /** Short name for errors and stats (`create-group`, `add-admin`); the emulator counts calls by the same names. */
  kind: string;
  method: Method;
  /** Relative to the base path, starting with `/`, segments encoded, query included; never carries credentials. */
  path: string;
}

const seg = encodeURIComponent;
const route = (kind: string, method: Method, path: string): ApiCall => ({ kind, method, path });
const group = (id: string) => `/chatgroups/${seg(id)}`;

export const CALLS = {
  createGroup: () => route('create-group', 'POST', '/chatgroups'),
  modifyGroup: (id: string) => route('modify-group', 'PUT', group(id)),
  transferOwner: (id: string) => route('transfer', 'PUT', group(id)),
  dismissGroup: (id: string) => route('dismiss', 'DELETE', group(id)),
  disableGroup: (id: string) => route('disable', 'POST', `${group(id)}/disable`),
  enableGroup: (id: string) => route('enable', 'POST', `${group(id)}/enable`),
  muteAll: (id: string) => route('mute-all', 'POST', `${group(id)}/ban`),
  unmuteAll: (id: string) => route('unmute-all', 'DELETE', `${group(id)}/ban`),
  getAnnouncement: (id: string) => route('get-announcement', 'GET', `${group(id)}/announcement`),
  setAnnouncement: (id: string) => route('set-announcement', 'POST', `${group(id)}/announcement`),
  listAllow: (id: string) => route('list-allow', 'GET', `${group(id)}/white/users`),
  addAllow: (id: string) => route('add-allow', 'POST', `${group(id)}/white/users`),
  removeAllow: (id: string) => route('remove-allow', 'DELETE', `${group(id)}/white/users/`),
  listBlocks: (id: string) => route('list-blocks', 'GET', `${group(id)}/blocks/users`),
  addBlocks: (id: string) => route('add-blocks', 'POST', `${group(id)}/blocks/users`),
  removeBlocks: (id: string) => route('remove-blocks', 'DELETE', `${group(id)}/blocks/users/`),
  getGroups: (ids: readonly string[]) => route('get-groups', 'GET', `/chatgroups/${ids.map(seg).join(',')}`),
  listGroups: () => route('list-groups', 'GET', '/chatgroups'),
  userGroups: (user: string) => route('user-groups', 'GET', `/chatgroups/user/${seg(user)}`),
  isJoined: (id: string, user: string) => route('is-joined', 'GET', `${group(id)}/user/${seg(user)}/is_joined`),
  listAdmins: (id: string) => route('list-admins', 'GET', `${group(id)}/admin`),
  addAdmin: (id: string) => route('add-admin', 'POST', `${group(id)}/admin`),
  removeAdmin: (id: string, user: string) => route('remove-admin', 'DELETE', `${group(id)}/admin/${seg(user)}`),
  listMembers: (id: string) => route('list-members', 'GET', `${group(id)}/users`),
  addMember: (id: string, user: string) => route('add-member', 'POST', `${group(id)}/users/${seg(user)}`),
  addMembers: (id: string) => route('add-members', 'POST', `${group(id)}/users`),
  removeMember: (id: string, user: string) => route('remove-member', 'DELETE', `${group(id)}/users/${seg(user)}`),
  /** The path ends in `/`: the names follow, encoded and comma-joined. */
  removeMembers: (id: string) => route('remove-members', 'DELETE', `${group(id)}/users/`),
  registerUsers: () => route('register-users', 'POST', '/users'),
  getUser: (user: string) => route('get-user', 'GET', `/users/${seg(user)}`),
  token: () => route('token', 'POST', '/token'),
} as const;

/** The route with a query string. */
export function withQuery(call: ApiCall, query: URLSearchParams): ApiCall {
  return { ...call, path: `${call.path}?${query}` };
}

/** Member and admin calls, with the answer shapes of FACTS.md's member table. */
import { alreadyMembers, notMembers } from '../dialect-wire.js';
import type { Reply } from '../envelope.js';
import { SERVICE_LIMITS } from '../limits.js';
import { invalid } from '../wire-settings.js';
import { intParam, objectBody, ok, type RouteDeps } from './common.js';

export function listAdmins(deps: RouteDeps, id: string): Reply {
  const data = deps.store.listAdmins(id);
  return ok(deps, { data, count: data.length });
}

export function addAdmin(deps: RouteDeps, id: string, body: unknown): Reply {
  const user = objectBody(body)['newadmin'];
  if (typeof user !== 'string' || user === '') throw invalid('newadmin must be provided');
  deps.mutate('addAdmin', id, user);
  return ok(deps, { data: { result: 'success', newadmin: user.toLowerCase() } });
}

export function removeAdmin(deps: RouteDeps, id: string, user: string): Reply {
  deps.mutate('removeAdmin', id, user);
  return ok(deps, { data: { result: 'success', oldadmin: user.toLowerCase() } });
}

export function listMembers(deps: RouteDeps, id: string): Reply {
  const pagenum = intParam(deps.call.query, 'pagenum', 1);
  const pagesize = memberPageSize(deps);
  const page = deps.store.listMembers(id, pagenum, pagesize);
  const data = deps.readings.adminRow === 'member' ? page.entries.map((row) => ('admin' in row ? { member: row.admin } : row)) : page.entries;
  return ok(deps, { data, count: page.count });
}

/** The size the server uses, which is not always the size asked for (dialect member-pages-100). */
function memberPageSize(deps: RouteDeps): number {
  if (deps.readings.memberPages === 'docs') return intParam(deps.call.query, 'pagesize', SERVICE_LIMITS.memberPageSize);
  const asked = intParam(deps.call.query, 'pagesize', SERVICE_LIMITS.memberPageSizeJava1Default);
  return Math.min(asked, SERVICE_LIMITS.memberPageSizeJava1);
}

export function addMember(deps: RouteDeps, id: string, user: string): Reply {
  deps.mutate('addMember', id, user);
  return ok(deps, { data: { result: true, groupid: id, action: 'add_member', user: user.toLowerCase() } });
}

export function addMembers(deps: RouteDeps, id: string, body: unknown): Reply {
  const usernames = objectBody(body)['usernames'];
  if (!Array.isArray(usernames)) throw invalid('usernames must be provided');
  const newmembers = deps.mutate('addMembers', id, usernames as string[]);
  // Nothing changed, so refusing after the (journaled) call leaves the state as refused.
  if (newmembers.length === 0 && deps.readings.batchAddNone === 'refuse') throw alreadyMembers(usernames as string[], id);
  return ok(deps, { data: { newmembers, groupid: id, action: 'add_member' } });
}

export function removeMember(deps: RouteDeps, id: string, user: string): Reply {
  deps.mutate('removeMember', id, user);
  return ok(deps, { data: { result: true, groupid: id, action: 'remove_member', user: user.toLowerCase() } });
}

export function removeMembers(deps: RouteDeps, id: string, users: string[]): Reply {
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

export function isJoined(deps: RouteDeps, id: string, user: string): Reply {
  return ok(deps, { data: deps.store.isJoined(id, user) });
}

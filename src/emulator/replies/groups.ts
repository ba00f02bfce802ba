/** Group calls with the answer shapes of the doc examples: create, details, lists, modify, transfer. */
import { missingDetailsRow, readCreateBody, readModifyBody, userGroupsPage } from '../dialect-wire.js';
import type { Reply } from '../envelope.js';
import { SERVICE_LIMITS } from '../limits.js';
import { StoreError, type GroupRecord } from '../store.js';
import { invalid } from '../wire-settings.js';
import { intParam, objectBody, ok, type RouteDeps } from './common.js';

export function createGroup(deps: RouteDeps, body: unknown): Reply {
  return ok(deps, { data: { groupid: deps.mutate('createGroup', readCreateBody(deps.readings, checkCustom(deps, objectBody(body)))) } });
}

export function modifyGroup(deps: RouteDeps, id: string, body: unknown): Reply {
  return ok(deps, { data: deps.mutate('modifyGroup', id, readModifyBody(deps.readings, checkCustom(deps, objectBody(body)))) });
}

/** FACTS.md: custom is 1024 on the Easemob base, 8 KB on the `/app-id/` (Agora) base. */
function checkCustom(deps: RouteDeps, body: Record<string, unknown>): Record<string, unknown> {
  const custom = body['custom'];
  const agora = new URL(deps.call.uri).pathname.startsWith('/app-id/');
  if (!agora && typeof custom === 'string' && custom.length > SERVICE_LIMITS.customLength) throw invalid('custom length is too big');
  return body;
}

export function transfer(deps: RouteDeps, id: string, newOwner: unknown): Reply {
  if (typeof newOwner !== 'string' || newOwner === '') throw invalid('newowner must be provided');
  deps.mutate('transferOwner', id, newOwner);
  return ok(deps, { data: { newowner: true } });
}

export function listGroups(deps: RouteDeps): Reply {
  const { org, app } = deps.app;
  const limit = intParam(deps.call.query, 'limit', SERVICE_LIMITS.listLimitDefault);
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
export function getGroups(deps: RouteDeps, idList: string): Reply {
  const ids = idList.split(',').filter((id) => id !== '');
  const found = deps.store.getGroups(ids);
  if (ids.length === 1 && 'missing' in found[0]!) {
    throw new StoreError(404, 'resource_not_found', `grpID ${ids[0]} does not exist!`);
  }
  const data = found.flatMap((g) => {
    const row = 'missing' in g ? missingDetailsRow(deps.readings, g.id) : details(g, detailsCap(deps));
    return row === undefined ? [] : [row];
  });
  return ok(deps, { data, count: data.length });
}

function detailsCap(deps: RouteDeps): number {
  return deps.readings.detailsCap === 'partial' ? SERVICE_LIMITS.detailsPartialCap : SERVICE_LIMITS.detailsMemberCap;
}

/** The details page lists admins as `member`; the example puts members before the owner. */
function details(g: GroupRecord, cap: number): Record<string, unknown> {
  const members = g.members.slice(0, cap - 1).map((member) => ({ member }));
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

export function userGroups(deps: RouteDeps, user: string): Reply {
  const pagesize = intParam(deps.call.query, 'pagesize', SERVICE_LIMITS.userGroupsPageSizeDefault);
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

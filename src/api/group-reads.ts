/**
 * The reads of HttpGroupService: details in batches, the admin and member lists, and
 * whether a user exists. The paged lists themselves are paging.ts's. Every answer is
 * normalised here (normalise.ts), so no wire shape leaves; errors are ApiErrors, which
 * HttpGroupService maps to ServiceErrors.
 */
import { LIMITS } from '../model/group.js';
import { CALLS } from './calls.js';
import type { ApiClient } from './client.js';
import { badAnswer } from './build-errors.js';
import { ApiError } from './errors.js';
import { readDetailsBatch } from './normalise.js';
import { readUser, type AppKey } from './read-users.js';
import { malformedAsApiError, readMemberPages, type PagingBounds } from './paging.js';
import type { DetailsOptions, GroupSnapshot } from './service.js';
import type * as W from './wire.js';

/** What every read and write of the service works with. */
export interface ServiceContext {
  client: ApiClient;
  /** Org and app of an Easemob base URL, to strip owner prefixes exactly. */
  key: AppKey;
  bounds: PagingBounds;
}

/** Details of any number of groups, 100 ids a call; a group the server does not know maps to null. */
export async function readGroups(ctx: ServiceContext, ids: readonly string[], options: DetailsOptions = {}): Promise<Map<string, GroupSnapshot | null>> {
  const result = new Map<string, GroupSnapshot | null>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += LIMITS.detailsBatch) {
    for (const [id, snapshot] of await readDetails(ctx, unique.slice(i, i + LIMITS.detailsBatch), options)) result.set(id, snapshot);
  }
  return result;
}

/**
 * One details call. A 404 for one id means it is gone; a 404 for several is not
 * documented, so the batch is halved until each 404 names one id. An answer over the
 * size cap is halved too: 100 groups of 10,000 members each is a large but real answer.
 */
async function readDetails(ctx: ServiceContext, ids: readonly string[], options: DetailsOptions): Promise<Map<string, GroupSnapshot | null>> {
  let answer: W.GroupDetailsResponse;
  try {
    answer = await ctx.client.getGroups(ids);
  } catch (error) {
    const halve = error instanceof ApiError && (error.status === 404 || error.code === 'answer_too_large');
    if (!halve) throw error;
    if (ids.length === 1) {
      if (error.status === 404) return new Map([[ids[0]!, null]]);
      throw error;
    }
    const half = Math.ceil(ids.length / 2);
    const [a, b] = await Promise.all([readDetails(ctx, ids.slice(0, half), options), readDetails(ctx, ids.slice(half), options)]);
    return new Map([...a, ...b]);
  }
  return malformedAsApiError(CALLS.getGroups(ids), () => readDetailsBatch(ids, (answer as { data?: unknown } | null)?.data, ctx.key, options));
}

/** The admins of a group, sorted, each once. */
export async function readAdmins(ctx: ServiceContext, id: string): Promise<string[]> {
  const answer = await ctx.client.listAdmins(id);
  if (!Array.isArray(answer.data)) {
    throw badAnswer(CALLS.listAdmins(id), `the admin list of group ${id} is not a list`);
  }
  const names = answer.data.filter((n): n is string => typeof n === 'string');
  return [...new Set(names.map((n) => readUser(n, ctx.key)))].sort();
}

/** Every member of a group through the paged member list; `announced` (the details' count) bounds the reading. */
export async function readMembers(ctx: ServiceContext, id: string, announced?: number): Promise<{ owner: string; members: string[]; admins?: string[] }> {
  const roles = await readMemberPages(ctx.client, id, ctx.key, announced, ctx.bounds);
  if (roles.owner === undefined) throw badAnswer(CALLS.listMembers(id), 'the member list names no owner');
  return {
    owner: roles.owner,
    members: roles.members,
    ...(roles.adminsShown ? { admins: roles.admins } : {}),
  };
}

/**
 * FACTS.md: a 404 (any body) is "no such user". A 200 counts only when it names the user,
 * so an answer of another shape never vouches for a user that is not there.
 */
export async function readUserExists(ctx: ServiceContext, user: string): Promise<boolean> {
  let answer: W.GetUserResponse;
  try {
    answer = await ctx.client.getUser(user);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return false;
    throw error;
  }
  const wanted = user.toLowerCase();
  return Array.isArray(answer.entities) && answer.entities.some((e) => typeof e?.username === 'string' && e.username.toLowerCase() === wanted);
}

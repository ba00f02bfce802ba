/**
 * The three paged reads, each bounded however the server behaves: a page that repeats,
 * a cursor that repeats, a server that goes on past the count it announced, or past any
 * count a real app could have, ends with a clear error instead of reading for ever.
 * Silently stopping would be worse than an error: a member list or a user's groups read
 * short looks like members to add or a create that never happened.
 */
import { LIMITS } from '../model/group.js';
import { badAnswer } from './build-errors.js';
import { ApiError, type ApiCall } from './errors.js';
import { CALLS } from './calls.js';
import type { ApiClient } from './client.js';
import { MalformedAnswerError, readListedGroup, readUserGroup } from './normalise.js';
import { readAffiliations, readUser, type AppKey, type Roles } from './read-users.js';
import type { GroupSummary } from './service.js';
import type { UserGroupsResponse } from './wire.js';

/** FACTS.md: a user's groups come at most 20 a page. */
export const USER_GROUPS_PAGE = 20;

/** Bounds no real app reaches; tests lower them. */
export interface PagingBounds {
  /** Members of one group, when the details call announced no count. */
  maxMembers: number;
  /** Groups of one user. */
  maxUserGroups: number;
  /** Pages of the app's group list (1,000 groups a page). */
  maxListPages: number;
}

export const DEFAULT_PAGING_BOUNDS: PagingBounds = {
  maxMembers: 1_000_000,
  maxUserGroups: 100_000,
  // 10 million groups: past any edition's groups-per-app quota (FACTS.md: free 100), and a
  // never-repeating cursor stops in minutes, not hours (issue 21 measured 100 pages/s).
  maxListPages: 10_000,
};

/**
 * Every row of a group's member list. `announced` is the member count the details call
 * gave (`affiliations_count`): the list may grow by a page while it is read, not more.
 * The end is a page shorter than the size the server used, which is not always the size
 * asked for (FACTS.md: 1..1000 by the docs, at most 100 by the Java 1.x javadoc, cut
 * silently): a first page shorter than asked is taken as the server's size while the
 * group announces more members than were read (or announces no count).
 */
export async function readMemberPages(client: ApiClient, id: string, key: AppKey, announced: number | undefined, bounds: PagingBounds): Promise<Roles> {
  const ref = CALLS.listMembers(id);
  const limit = announced !== undefined ? announced + LIMITS.memberPage : bounds.maxMembers;
  const entries: unknown[] = [];
  const seen = new Set<string>();
  let used: number = LIMITS.memberPage;
  for (let pagenum = 1; ; pagenum++) {
    const rows = listOf((await client.listMembers(id, pagenum, LIMITS.memberPage)).data, ref, 'the member list');
    let fresh = 0;
    for (const row of rows) {
      const user = userOf(row, key);
      if (user === undefined || seen.has(user)) continue;
      seen.add(user);
      entries.push(row);
      fresh++;
    }
    if (pagenum === 1 && rows.length > 0 && rows.length < used && (announced === undefined || seen.size < announced)) used = rows.length;
    else if (rows.length < used) break;
    if (fresh === 0) throw badAnswer(ref, `page ${pagenum} of the member list of group ${id} repeats earlier rows (the server seems to ignore pagenum); cannot read the whole list`);
    if (seen.size > limit) {
      const why = announced !== undefined ? `the ${announced} members the group announces` : `${bounds.maxMembers} members, more than any group holds`;
      throw badAnswer(ref, `the member list of group ${id} goes on past ${why}; stopped reading`);
    }
  }
  return readAffiliations(entries, key);
}

/** Every group of the app, page by page, each once. */
export async function* readGroupListPages(
  client: ApiClient,
  key: AppKey,
  bounds: PagingBounds,
  pageSize: number = LIMITS.listPage,
): AsyncIterable<GroupSummary> {
  const ref = CALLS.listGroups();
  const cursors = new Set<string>();
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 1; ; page++) {
    const answer = await client.listGroups(pageSize, cursor);
    const rows = listOf(answer.data, ref, 'the group list');
    let fresh = 0;
    for (const row of rows) {
      const summary = malformedAsApiError(ref, () => readListedGroup(row, key));
      if (seen.has(summary.id)) continue;
      seen.add(summary.id);
      fresh++;
      yield summary;
    }
    cursor = typeof answer.cursor === 'string' && answer.cursor !== '' ? answer.cursor : undefined;
    if (rows.length === 0 || cursor === undefined) return;
    if (fresh === 0) throw badAnswer(ref, `page ${page} of the group list repeats groups already listed; stopped reading`);
    if (cursors.has(cursor)) throw badAnswer(ref, `the group list's cursor repeats at page ${page}; stopped reading`);
    if (page >= bounds.maxListPages) throw badAnswer(ref, `the group list goes on past ${bounds.maxListPages} pages; stopped reading`);
    cursors.add(cursor);
  }
}

/**
 * Every group of a user. Whether `pagenum` counts from 0 (doc page, Java 2.0) or from 1
 * (Java 1.x) is not settled, nor whether page 0 is then empty, refused or the same as
 * page 1. So pages 0 and 1 are both read, together (one round trip, not two: a create
 * waits for this), rows are kept by id, and a page that brings nothing new is tolerated
 * once (page 1 repeating page 0); after that it is an error. The end is a short page,
 * never a page number.
 */
export async function readUserGroupPages(client: ApiClient, user: string, key: AppKey, bounds: PagingBounds): Promise<GroupSummary[]> {
  const ref = CALLS.userGroups(user);
  const groups = new Map<string, GroupSummary>();
  const fetchPage = (pagenum: number) => client.userGroups(user, USER_GROUPS_PAGE, pagenum);
  /** Keeps a page's new rows; returns how many rows it had and how many were new. */
  const take = (answer: UserGroupsResponse): { rows: number; fresh: number } => {
    const rows = listOf(answer.entities, ref, "the user's group list");
    let fresh = 0;
    for (const row of rows) {
      const summary = malformedAsApiError(ref, () => readUserGroup(row, key));
      if (groups.has(summary.id)) continue;
      groups.set(summary.id, summary);
      fresh++;
    }
    const total = typeof answer.total === 'number' && Number.isFinite(answer.total) ? answer.total : undefined;
    if (total !== undefined && groups.size > total + USER_GROUPS_PAGE) {
      throw badAnswer(ref, `the groups of ${user} go on past the ${total} the server announces; stopped reading`);
    }
    if (groups.size > bounds.maxUserGroups) throw badAnswer(ref, `the groups of ${user} go on past ${bounds.maxUserGroups}; stopped reading`);
    return { rows: rows.length, fresh };
  };

  const [zero, one] = await Promise.allSettled([fetchPage(0), fetchPage(1)]);
  if (zero.status === 'fulfilled') take(zero.value);
  // A 1-based server may refuse page 0 outright.
  else if (!(zero.reason instanceof ApiError && zero.reason.status === 400)) throw zero.reason;
  if (one.status === 'rejected') throw one.reason;
  let answer = one.value;
  for (let pagenum = 1; ; pagenum++) {
    const { rows, fresh } = take(answer);
    if (rows < USER_GROUPS_PAGE) break;
    if (fresh === 0 && pagenum > 1) {
      throw badAnswer(ref, `page ${pagenum} of the groups of ${user} repeats earlier rows (the server seems to ignore pagenum); cannot read them all`);
    }
    answer = await fetchPage(pagenum + 1);
  }
  return [...groups.values()];
}

function userOf(row: unknown, key: AppKey): string | undefined {
  if (typeof row !== 'object' || row === null) return undefined;
  const role = row as Record<string, unknown>;
  const name = [role.owner, role.admin, role.member].find((v): v is string => typeof v === 'string');
  return name === undefined ? undefined : readUser(name, key);
}

function listOf(value: unknown, ref: ApiCall, what: string): unknown[] {
  if (!Array.isArray(value)) throw badAnswer(ref, `${what} is not a list`);
  return value;
}

/** Run a reader of an answer; a MalformedAnswerError becomes a `bad_response` ApiError naming the call. */
export function malformedAsApiError<T>(ref: ApiCall, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof MalformedAnswerError) throw badAnswer(ref, error.message, { cause: error });
    throw error;
  }
}

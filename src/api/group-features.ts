/**
 * The group features beyond settings and membership (FACTS.md "Group features beyond ..."):
 * the announcement, and the allow and block lists. Reads normalise here; a 200 that says
 * it did not do the work fails as `not_done`. Mute all is a write of group-writes.ts.
 */
import { LIMITS } from '../model/group.js';
import { CALLS } from './calls.js';
import { badAnswer, notDone } from './build-errors.js';
import type { ApiCall } from './errors.js';
import type { ServiceContext } from './group-reads.js';
import { readUser } from './read-users.js';
import type { MemberAnswer } from './service.js';
import { stripControls } from './strip-controls.js';
import type * as W from './wire.js';

type UserList = W.UserList;

/** The announcement as the server keeps it; an answer without one is the empty announcement. */
export async function readAnnouncement(ctx: ServiceContext, id: string): Promise<string> {
  const answer = await ctx.client.getAnnouncement(id);
  const text: unknown = (answer as { data?: { announcement?: unknown } } | null)?.data?.announcement;
  if (text === undefined || text === null) return '';
  if (typeof text !== 'string') throw badAnswer(CALLS.getAnnouncement(id), `the announcement of group ${id} is not text`);
  return text;
}

/** Replaces the announcement; `result: false` is a refusal. */
export async function writeAnnouncement(ctx: ServiceContext, id: string, announcement: string): Promise<void> {
  const answer = await ctx.client.setAnnouncement(id, announcement);
  const result: unknown = (answer as { data?: { result?: unknown } } | null)?.data?.result;
  if (result === false) throw notDone(CALLS.setAnnouncement(id), 'the server did not change the announcement');
}

/** Pages a block-list read follows at most; past that the answer is malformed (a cursor that never ends). */
const MAX_LIST_PAGES = 1000;

/** The allow or block list, names lowercased and sorted; block-list pages followed by `cursor`. */
export async function readList(ctx: ServiceContext, list: UserList, id: string): Promise<string[]> {
  const names = new Set<string>();
  const cursors = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_LIST_PAGES; page++) {
    const answer = await ctx.client.getList(list, id, cursor);
    const data: unknown = (answer as { data?: unknown } | null)?.data ?? [];
    if (!Array.isArray(data)) throw badAnswer(listCall(list, id), `the ${list} list of group ${id} is not a list`);
    for (const row of data) {
      if (typeof row !== 'string') throw badAnswer(listCall(list, id), `the ${list} list of group ${id} has a row that is not a name`);
      names.add(readUser(row, ctx.key));
    }
    const next: unknown = (answer as { cursor?: unknown }).cursor;
    if (typeof next !== 'string' || next === '' || data.length === 0) return [...names].sort();
    // A cursor seen before would loop for ever: a server fault, not a longer list.
    if (cursors.has(next)) throw badAnswer(listCall(list, id), `the ${list} list of group ${id} repeats its cursor ${JSON.stringify(next)}`);
    cursors.add(next);
    cursor = next;
  }
  throw badAnswer(listCall(list, id), `the ${list} list of group ${id} did not end after ${MAX_LIST_PAGES} pages`);
}

/** Adds or removes names in calls of up to 60; one answer per name, in the order given. */
export async function writeList(ctx: ServiceContext, list: UserList, op: 'add' | 'remove', id: string, users: readonly string[]): Promise<MemberAnswer[]> {
  const answers: MemberAnswer[] = [];
  for (let i = 0; i < users.length; i += LIMITS.memberBatch) {
    const batch = users.slice(i, i + LIMITS.memberBatch);
    const rows = op === 'add' ? await ctx.client.addToList(list, id, batch) : await ctx.client.removeFromList(list, id, batch);
    answers.push(...readRows(ctx, batch, rows, op === 'add' ? `the server did not add this user to the ${list} list` : `the server did not take this user off the ${list} list`));
  }
  return answers;
}

function readRows(ctx: ServiceContext, users: readonly string[], rows: readonly W.MemberResult[], otherwise: string): MemberAnswer[] {
  const byUser = new Map<string, W.MemberResult>();
  for (const r of rows) if (r !== null && typeof r === 'object' && typeof r.user === 'string') byUser.set(readUser(r.user, ctx.key), r);
  return users.map((user) => {
    const r = byUser.get(user.toLowerCase());
    if (!r) return { user, ok: false, reason: 'the server gave no result for this user' };
    if (r.result === true || (r.result as unknown) === 'true') return { user, ok: true };
    return { user, ok: false, reason: typeof r.reason === 'string' ? stripControls(r.reason) : otherwise };
  });
}

function listCall(list: UserList, id: string): ApiCall {
  return list === 'allow' ? CALLS.listAllow(id) : CALLS.listBlocks(id);
}

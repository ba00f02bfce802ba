/**
 * The group features beyond settings and membership (FACTS.md "Group features beyond ..."):
 * the announcement, and the allow and block lists. Reads normalise here; a 200 that says
 * it did not do the work fails as `not_done`. Mute all is a write of group-writes.ts.
 */
import { CALLS } from './calls.js';
import { badAnswer, notDone } from './build-errors.js';
import type { ServiceContext } from './group-reads.js';

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

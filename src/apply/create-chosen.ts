/**
 * The create call itself, with or without a chosen id (chosen-ids.ts). With one, an
 * unclear answer is repaired where that is safe: the same create sent again (only once
 * the app is known to take chosen ids, else a second group could come of it) or the
 * chosen id read back; "already exists" adopts the group after checking its owner and
 * name. Anything else falls to the owner + name look-up of execute-create.ts.
 */
import { ServiceError } from '../api/service.js';
import type { CreateDetails } from '../plan/types.js';
import { otherKeyBoundTo } from './apply-state.js';
import { chosenGroupId, IGNORED_NOTE, type ChosenTurn } from './chosen-ids.js';
import { readGroup } from './confirm.js';
import { describeError } from './describe-error.js';
import type { GroupContext } from './group-context.js';

/** What the create call came to: an id (made, or adopted), a refusal to bind, or the call's error. */
export type Sent =
  | { kind: 'made'; id: string; note?: string }
  | { kind: 'adopted'; id: string; note: string }
  | { kind: 'stop'; why: string }
  | { kind: 'error'; err: unknown };

/** The doc error of a create whose groupid is taken (FACTS.md). */
const ALREADY_EXISTS = /group ID .* already exists/i;

export async function sendCreate(ctx: GroupContext, details: CreateDetails): Promise<Sent> {
  if (ctx.chosenIds === undefined) return plainCreate(ctx, details);
  let lineage;
  try {
    lineage = await ctx.chosenIds.lineageOf(ctx.state);
  } catch (err) {
    return { kind: 'stop', why: `could not write the state file to give it the lineage chosen ids derive from: ${describeError(err)}` };
  }
  // A state without lineages (a test's fake) cannot derive ids.
  if (lineage === undefined) return plainCreate(ctx, details);
  const turn = await ctx.chosenIds.turn();
  let verdict: 'honoured' | 'ignored' | undefined;
  try {
    if (!turn.send) return await plainCreate(ctx, details);
    const groupId = chosenGroupId(lineage, ctx.key, details.replaces);
    let sent = await plainCreate(ctx, details, groupId);
    if (sent.kind === 'error' && isUnclear(sent.err)) sent = await repairUnclear(ctx, details, groupId, turn, sent);
    if (sent.kind === 'error' && alreadyExists(sent.err)) sent = await adopt(ctx, details, groupId);
    if (sent.kind === 'made') verdict = sent.id === groupId ? 'honoured' : 'ignored';
    if (sent.kind === 'adopted') verdict = 'honoured';
    return sent.kind === 'made' && verdict === 'ignored' ? { ...sent, note: IGNORED_NOTE } : sent;
  } finally {
    turn.settle(verdict);
    if (verdict !== undefined) ctx.state.recordGroupid?.(verdict);
  }
}

async function plainCreate(ctx: GroupContext, details: CreateDetails, groupId?: string): Promise<Sent> {
  try {
    const input = { settings: details.settings, owner: details.owner, members: details.members, ...(details.scale ? { scale: details.scale } : {}) };
    return { kind: 'made', id: await ctx.service.createGroup(groupId === undefined ? input : { ...input, groupId }) };
  } catch (err) {
    return { kind: 'error', err };
  }
}

/** Sent again once the app is known to take the id; else the chosen id read back (found: it took it). */
async function repairUnclear(ctx: GroupContext, details: CreateDetails, groupId: string, turn: ChosenTurn, first: Sent): Promise<Sent> {
  if (turn.honoured) {
    const again = await plainCreate(ctx, details, groupId);
    return again.kind === 'error' && isUnclear(again.err) ? first : again;
  }
  try {
    return (await readGroup(ctx.service, groupId)) === null ? first : await adopt(ctx, details, groupId);
  } catch {
    return first;
  }
}

/** The group under our chosen id, if it is ours by owner and name and no other key has it. */
async function adopt(ctx: GroupContext, details: CreateDetails, groupId: string): Promise<Sent> {
  const boundTo = otherKeyBoundTo(ctx.state, groupId, ctx.key);
  if (boundTo !== undefined) return { kind: 'stop', why: `group id ${groupId} is bound to ${boundTo}; not binding it to ${ctx.key}` };
  let group;
  try {
    group = await readGroup(ctx.service, groupId);
  } catch (err) {
    return { kind: 'error', err };
  }
  const name = details.settings.name;
  if (group === null || group.owner.toLowerCase() !== details.owner.toLowerCase() || (name !== undefined && group.settings.name !== name)) {
    return { kind: 'stop', why: `group id ${groupId} is taken by another group; not binding` };
  }
  return { kind: 'adopted', id: groupId, note: `group ${groupId} already existed (an earlier create whose answer was lost); adopted` };
}

function isUnclear(err: unknown): boolean {
  return !(err instanceof ServiceError && err.reason === 'refused');
}

function alreadyExists(err: unknown): boolean {
  return err instanceof ServiceError && err.status === 400 && ALREADY_EXISTS.test(err.description);
}

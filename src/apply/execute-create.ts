/**
 * The create step, crash-safe: the intent is on disk before the call and the binding
 * right after it, so a kill at any moment leaves either a binding or an intent that
 * resolveIntents (or the next create of the key) settles by looking the group up.
 */
import { ApiError } from '../api/errors.js';
import type { CreateDetails } from '../plan/types.js';
import { DONE, failed, type Outcome } from './confirm.js';
import { describeError } from './describe.js';
import type { GroupContext } from './group-context.js';
import { describeSeveral, lookUpIntent } from './intents.js';
import type { CreateIntent } from './apply-state.js';

export async function executeCreate(ctx: GroupContext, details: CreateDetails): Promise<Outcome> {
  const bound = ctx.state.binding(ctx.key);
  if (bound) return failed(`${ctx.key} is already bound to group ${bound.id}; plan again`);

  const leftover = ctx.state.intent(ctx.key);
  if (leftover) {
    const settled = await settleLeftover(ctx, leftover, details);
    if (settled) return settled;
  }

  const intent: CreateIntent = { key: ctx.key, owner: details.owner, started: ctx.now() };
  if (details.settings.name !== undefined) intent.name = details.settings.name;
  ctx.state.recordIntent(intent);
  try {
    await ctx.save();
  } catch (err) {
    ctx.state.clearIntent(ctx.key);
    return failed(`could not save state before creating the group: ${describeError(err)}`);
  }

  let id: string;
  try {
    id = await ctx.service.createGroup({ settings: details.settings, owner: details.owner, members: details.members });
  } catch (err) {
    return isDefiniteRefusal(err) ? forget(ctx, err) : findAfterUnclearAnswer(ctx, intent, err, details);
  }
  return bindCreated(ctx, id, details);
}

/** A 4xx that is not ambiguous: the server said no, so no group exists. */
function isDefiniteRefusal(err: unknown): boolean {
  return err instanceof ApiError && !err.ambiguous && err.status >= 400 && err.status < 500;
}

async function forget(ctx: GroupContext, err: unknown): Promise<Outcome> {
  ctx.state.clearIntent(ctx.key);
  try {
    await ctx.save();
  } catch {
    // A stale intent on disk is harmless: the next run looks it up and finds nothing.
  }
  return failed(err);
}

async function findAfterUnclearAnswer(ctx: GroupContext, intent: CreateIntent, err: unknown, details: CreateDetails): Promise<Outcome> {
  let outcome;
  try {
    outcome = await lookUpIntent(intent, ctx.state, ctx.service);
  } catch (lookupErr) {
    return failed(err, `the create may have happened and the look-up failed (${describeError(lookupErr)}); the next run settles it`);
  }
  switch (outcome.kind) {
    case 'found': {
      const result = await bindCreated(ctx, outcome.id, details);
      return result.status === 'done'
        ? { status: 'done', note: `the create answered ${describeError(err)}, but it made group ${outcome.id}` }
        : result;
    }
    case 'none':
      return { ...(await forget(ctx, err)), note: 'the group was not created' };
    case 'several':
      return failed(err, describeSeveral(ctx.key, outcome.ids));
  }
}

/** An intent left by an earlier run: if its group exists, that is our create. */
async function settleLeftover(ctx: GroupContext, intent: CreateIntent, details: CreateDetails): Promise<Outcome | undefined> {
  let outcome;
  try {
    outcome = await lookUpIntent(intent, ctx.state, ctx.service);
  } catch (err) {
    return failed(`could not look for the group an earlier create may have made: ${describeError(err)}`);
  }
  switch (outcome.kind) {
    case 'found': {
      const result = await bindCreated(ctx, outcome.id, details);
      return result.status === 'done' ? { status: 'done', note: `found group ${outcome.id}, made by an earlier run` } : result;
    }
    case 'none':
      ctx.state.clearIntent(ctx.key);
      return undefined;
    case 'several':
      return failed(describeSeveral(ctx.key, outcome.ids));
  }
}

async function bindCreated(ctx: GroupContext, id: string, details: CreateDetails): Promise<Outcome> {
  // The API never shows invite_need_confirm, so the value the create sent is remembered.
  const sent = details.settings.invite_need_confirm;
  ctx.state.bind(ctx.key, sent === undefined ? { id } : { id, written: { invite_need_confirm: sent } });
  ctx.id = id;
  try {
    await ctx.save();
  } catch (err) {
    // The intent is still on disk, so the next run binds the group instead of creating another.
    return failed(`created group ${id} but could not save state: ${describeError(err)}`);
  }
  return DONE;
}

/**
 * The create step, crash-safe: the intent is on disk before the call and the binding
 * right after it, so a kill at any moment leaves either a binding or an intent that
 * resolveIntents (or the next create of the key) settles by looking the group up.
 *
 * The intent records which groups of the owner with that name existed before the call,
 * so the look-up never needs a clock. The create answer is not believed blindly: an id
 * bound to another key, or one that existed before the call, is refused (the group stops,
 * nothing is bound), and the group is read back (created-check.ts) before it is bound.
 */
import { ServiceError } from '../api/service.js';
import type { CreateDetails } from '../plan/types.js';
import { DONE, failed, type Outcome } from './confirm.js';
import { sendCreate } from './create-chosen.js';
import { checkCreated } from './created-check.js';
import { describeError } from './describe-error.js';
import type { GroupContext } from './group-context.js';
import { describeSeveral, groupsBefore, lookUpIntent } from './intents.js';
import { otherKeyBoundTo, type CreateIntent } from './apply-state.js';
import { recordInvitesKept } from './unkept-invites.js';

/** A create step, from its intent to its binding; a failure leaves an intent or nothing, never a second group. */
export async function executeCreate(ctx: GroupContext, details: CreateDetails): Promise<Outcome> {
  const bound = ctx.state.binding(ctx.key);
  // A recreate replaces the binding of a group that no longer exists; any other binding means plan again.
  if (bound && bound.id !== details.replaces) return failed(`${ctx.key} is already bound to group ${bound.id}; plan again`);

  const leftover = ctx.state.intent(ctx.key);
  if (leftover) {
    const settled = await settleLeftover(ctx, leftover, details);
    if (settled) return settled;
  }

  const lane = ctx.createLane ?? ((_owner, _name, create) => create(false));
  return lane(details.owner, details.settings.name, (stale) => createOnce(ctx, details, bound, stale), () => ctx.state.intent(ctx.key) !== undefined);
}

/**
 * A create whose answer was lost and whose look-up proved no group was made is sent once
 * more, at once: the next run would send it anyway (its intent is gone), and a dropped
 * connection under load is the usual cause. A second such loss fails the step as before.
 */
async function createOnce(ctx: GroupContext, details: CreateDetails, bound: { id: string } | undefined, stale: boolean): Promise<Outcome> {
  const first = await createNow(ctx, details, bound, stale);
  if (first.status !== 'failed' || first.note !== NOT_CREATED) return first;
  const again = await createNow(ctx, details, undefined, true);
  const why = `the first create answered ${first.error} and made no group (looked up); sent once more`;
  return again.status === 'done' ? { status: 'done', note: joinNotes(why, again.note) } : { ...again, note: joinNotes(why, again.note) };
}

const NOT_CREATED = 'the group was not created';

/** The create itself: intent, call, binding (in its lane: no twin of it in flight meanwhile). */
async function createNow(ctx: GroupContext, details: CreateDetails, bound: { id: string } | undefined, stale: boolean): Promise<Outcome> {
  const name = details.settings.name;
  let before: string[];
  try {
    const read = stale || !ctx.ownerGroups ? (owner: string) => ctx.service.userGroups(owner) : ctx.ownerGroups;
    const listed = await read(details.owner);
    before = groupsBefore(listed, details.owner, name);
  } catch (err) {
    return failed(`could not list the groups of ${details.owner} before creating (needed to recognise this create after a crash): ${describeError(err)}`);
  }
  const intent: CreateIntent = { key: ctx.key, owner: details.owner, started: ctx.now(), before };
  if (name !== undefined) intent.name = name;
  ctx.state.recordIntent(intent);
  // The dead binding goes once the intent is durable: after a crash, the intent (not a
  // binding that resolveIntents would take for a finished create) says what happened.
  if (bound) ctx.state.unbind(ctx.key);
  try {
    await ctx.save();
  } catch (err) {
    ctx.state.clearIntent(ctx.key);
    return failed(`could not save state before creating the group: ${describeError(err)}`);
  }

  const sent = await sendCreate(ctx, details);
  if (sent.kind === 'error') return isDefiniteRefusal(sent.err) ? forget(ctx, sent.err) : findAfterUnclearAnswer(ctx, intent, sent.err, details);
  // The intent stays: the create may well have made a group, which the next run finds by owner and name.
  if (sent.kind === 'stop') return failed(sent.why);
  const refusal = sent.kind === 'made' ? refuseAnswer(ctx, sent.id, before) : undefined;
  if (refusal) return failed(refusal);
  const result = await bindCreated(ctx, sent.id, details);
  return sent.note !== undefined && result.status === 'done' ? { status: 'done', note: joinNotes(sent.note, result.note) } : result;
}

/** Why the id a create answered cannot be this create's group, if it cannot. */
function refuseAnswer(ctx: GroupContext, id: string, before: readonly string[]): string | undefined {
  const boundTo = otherKeyBoundTo(ctx.state, id, ctx.key);
  const other = boundTo ?? (ctx.planned?.get(id) !== ctx.key ? ctx.planned?.get(id) : undefined);
  if (other !== undefined) {
    return `the create answered group ${id}, which is bound to ${other}; not binding it to ${ctx.key} (the server's answer is wrong)`;
  }
  if (before.includes(id)) {
    return `the create answered group ${id}, which existed before this create; not binding it (the server's answer is wrong)`;
  }
  return undefined;
}

/** The server said no (not an unclear answer), so no group exists. */
function isDefiniteRefusal(err: unknown): boolean {
  return err instanceof ServiceError && err.reason === 'refused';
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
        ? { status: 'done', note: joinNotes(`the create answered ${describeError(err)}, but it made group ${outcome.id}`, result.note) }
        : result;
    }
    case 'none':
      return { ...(await forget(ctx, err)), note: NOT_CREATED };
    case 'several':
      return failed(err, describeSeveral(ctx.key, outcome.ids, ctx.rerun));
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
      return result.status === 'done' ? { status: 'done', note: joinNotes(`found group ${outcome.id}, made by an earlier run`, result.note) } : result;
    }
    case 'none':
      ctx.state.clearIntent(ctx.key);
      return undefined;
    case 'several':
      return failed(describeSeveral(ctx.key, outcome.ids, ctx.rerun));
  }
}

/**
 * Read back, bind, then correct what the server did not take. The read comes first: a
 * group whose owner is not the one we asked for is not ours, and is never bound.
 */
async function bindCreated(ctx: GroupContext, id: string, details: CreateDetails): Promise<Outcome> {
  const checked = await checkCreated(ctx.service, id, details);
  if (checked.kind === 'not-ours') return failed(checked.why);
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
  if (checked.kind === 'unreadable') return failed(`created group ${id}, but could not read it back: ${checked.why}; plan again to check its settings`);
  if (checked.missed.length === 0) return DONE;
  return correctSettings(ctx, id, details, checked.missed);
}

/** Send an update for the settings the create did not take (a create-field spelling the server does not know). */
async function correctSettings(ctx: GroupContext, id: string, details: CreateDetails, missed: readonly string[]): Promise<Outcome> {
  const settings = Object.fromEntries(missed.map((name) => [name, details.settings[name as keyof typeof details.settings]]));
  const what = `the server did not take ${missed.join(', ')} at create`;
  let answer;
  try {
    answer = await ctx.service.updateGroup(id, settings);
  } catch (err) {
    return failed(err, `${what}; the update that should set them failed`);
  }
  const refused = missed.filter((name) => answer[name as keyof typeof answer] === false);
  if (refused.length > 0) return failed(`${what}, and refused ${refused.join(', ')} on update too`);
  const unkept = await recordInvitesKept(ctx, id, settings);
  return { status: 'done', note: unkept === undefined ? `${what}; set with an update` : `${what}; ${unkept}` };
}

function joinNotes(first: string, second: string | undefined): string {
  return second === undefined ? first : `${first}; ${second}`;
}

/** One step that is not a member batch, against a group whose id is known. */
import type { SettingName, Settings } from '../model/group.js';
import type { DismissDetails, TransferDetails, UpdateDetails } from '../plan/types.js';
import { callOrConfirm, DONE, failed, readGroup, type Outcome } from './confirm.js';
import { describeError } from './describe-error.js';
import type { GroupContext } from './group-context.js';
import type { IdStep } from './units.js';
import { recordInvitesKept } from './unkept-invites.js';

/** Runs one step; a refused call counts as done only when a fresh read shows its wanted state. */
export async function executeStep(ctx: GroupContext, id: string, step: IdStep): Promise<Outcome> {
  const { service } = ctx;
  switch (step.action) {
    case 'import':
      return executeImport(ctx, id);
    case 'update':
      return executeUpdate(ctx, id, step.details);
    case 'transfer':
      return executeTransfer(ctx, id, step.details);
    case 'add-admin': {
      const user = step.details.user;
      return callOrConfirm(
        () => service.addAdmin(id, user),
        async () => hasUser(await service.getAdmins(id), user),
        `${user} is already an admin`,
      );
    }
    case 'remove-admin': {
      const user = step.details.user;
      return callOrConfirm(
        () => service.removeAdmin(id, user),
        async () => !hasUser(await service.getAdmins(id), user),
        `${user} is already not an admin`,
      );
    }
    case 'enable':
    case 'disable': {
      const wanted = step.action === 'disable';
      return callOrConfirm(
        () => (wanted ? service.disable(id) : service.enable(id)),
        async () => (await readGroup(service, id))?.disabled === wanted,
        `the group is already ${wanted ? 'disabled' : 'enabled'}`,
      );
    }
    case 'mute-all':
    case 'unmute-all': {
      const wanted = step.action === 'mute-all';
      return callOrConfirm(
        () => (wanted ? service.muteAll(id) : service.unmuteAll(id)),
        async () => (await readGroup(service, id))?.muteAll === wanted,
        `the group is already ${wanted ? 'muted' : 'unmuted'}`,
      );
    }
    case 'set-announcement': {
      const text = step.details.to;
      return callOrConfirm(
        () => service.setAnnouncement(id, text),
        async () => (await service.getAnnouncement(id)) === text,
        'the announcement is already the declared one',
      );
    }
    case 'dismiss':
      return executeDismiss(ctx, id, step.details);
  }
}

function hasUser(users: readonly string[], user: string): boolean {
  const wanted = user.toLowerCase();
  return users.some((u) => u.toLowerCase() === wanted);
}

/**
 * Binds the key to the group the plan found by owner and name: no API call, journaled
 * like a create's binding. A key bound meanwhile to another group is left alone.
 */
async function executeImport(ctx: GroupContext, id: string): Promise<Outcome> {
  const bound = ctx.state.binding(ctx.key);
  if (bound?.id === id) return { status: 'done', note: `${ctx.key} is already bound to group ${id}` };
  if (bound) {
    // A key whose bound group is gone may take the live group the plan matched; any other binding stays.
    try {
      if ((await readGroup(ctx.service, bound.id)) !== null) return failed(`${ctx.key} is already bound to group ${bound.id}; plan again`);
    } catch (err) {
      return failed(`could not check the group ${ctx.key} is bound to: ${describeError(err)}`);
    }
  }
  ctx.state.bind(ctx.key, { id });
  try {
    await ctx.save();
  } catch (err) {
    return failed(`bound to group ${id}, but could not save state: ${describeError(err)}`);
  }
  return DONE;
}

/** The modify call answers a boolean per field; false means that field was not changed. */
async function executeUpdate(ctx: GroupContext, id: string, details: UpdateDetails): Promise<Outcome> {
  const settings: Record<string, unknown> = {};
  for (const [name, change] of Object.entries(details.changes)) settings[name] = change?.to;
  let answer: Partial<Record<SettingName, boolean>>;
  try {
    answer = await ctx.service.updateGroup(id, settings as Settings);
  } catch (err) {
    return failed(err);
  }
  const changedInvite = details.changes.invite_need_confirm;
  if (changedInvite && answer.invite_need_confirm !== false) {
    // The API never shows this setting, so the plan can only compare with what we wrote.
    const binding = ctx.state.binding(ctx.key);
    const written = { ...binding?.written, invite_need_confirm: changedInvite.to as boolean };
    try {
      // A group named by `id:` in config may not be bound yet; what we wrote must stick to it.
      if (binding) ctx.state.setWritten(ctx.key, written);
      else ctx.state.bind(ctx.key, { id, written });
      await ctx.save();
    } catch (err) {
      return failed(`updated, but could not save state: ${describeError(err)}`);
    }
  }
  const refused = Object.keys(settings).filter((name) => answer[name as SettingName] === false);
  if (refused.length > 0) return failed(`the server did not change ${refused.join(', ')}`);
  const note = await recordInvitesKept(ctx, id, settings as Settings);
  return note === undefined ? DONE : { status: 'done', note };
}

/** Risky: the owner is re-read first, so a transfer never acts on a group that moved on. */
async function executeTransfer(ctx: GroupContext, id: string, details: TransferDetails): Promise<Outcome> {
  const { service } = ctx;
  let owner: string;
  try {
    const g = await readGroup(service, id);
    if (!g) return failed(`group ${id} no longer exists`);
    owner = g.owner.toLowerCase();
  } catch (err) {
    return failed(`could not re-read the group before the transfer: ${describeError(err)}`);
  }
  if (owner === details.to.toLowerCase()) {
    return { status: 'done', note: `${details.to} is already the owner (confirmed by a fresh read)` };
  }
  if (owner !== details.from.toLowerCase()) {
    return failed(`the owner is now ${owner}, not ${details.from} as planned; plan again`);
  }
  return callOrConfirm(
    () => service.transferOwner(id, details.to),
    async () => (await readGroup(service, id))?.owner.toLowerCase() === details.to.toLowerCase(),
    `${details.to} is already the owner`,
  );
}

/**
 * Risky: the group is re-read first and must still be there, with the owner the plan
 * saw when the plan carries one (`details.owner`). After it is gone, its binding goes.
 */
async function executeDismiss(ctx: GroupContext, id: string, details: DismissDetails): Promise<Outcome> {
  const { service } = ctx;
  try {
    const g = await readGroup(service, id);
    if (!g) return failed(`group ${id} no longer exists`);
    if (details.owner !== undefined && g.owner.toLowerCase() !== details.owner.toLowerCase()) {
      return failed(`the owner is now ${g.owner}, not ${details.owner} as planned; plan again`);
    }
  } catch (err) {
    return failed(`could not re-read the group before dismissing it: ${describeError(err)}`);
  }
  const outcome = await callOrConfirm(
    () => service.dismiss(id),
    async () => (await readGroup(service, id)) === null,
    'the group is already gone',
  );
  if (outcome.status !== 'done') return outcome;
  ctx.state.unbind(ctx.key);
  try {
    await ctx.save();
  } catch (err) {
    return failed(`dismissed, but could not save state: ${describeError(err)}`);
  }
  return outcome;
}

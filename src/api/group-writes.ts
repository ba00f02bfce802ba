/**
 * The writes of HttpGroupService: create, modify, transfer, members, admins, enable,
 * disable and dismiss, batched as the service allows. A 200 that says it did not do the
 * work fails as `not_done`; errors are ApiErrors, which HttpGroupService maps to
 * ServiceErrors.
 */
import { LIMITS, publicOnCreate, type Settings, type SettingName } from '../model/group.js';
import { CALLS } from './calls.js';
import { badAnswer, notDone } from './build-errors.js';
import type { ApiCall } from './errors.js';
import { readGroups, type ServiceContext } from './group-reads.js';
import { MalformedAnswerError, readGroupId, readRemovalResults } from './normalise.js';
import { readUser } from './read-users.js';
import type { MemberAnswer } from './service.js';
import { fromWireFlags, toWireSettings } from './setting-fields.js';
import type * as W from './wire.js';

/** Create a group with its owner and first members; resolves with the new id. */
export async function createGroup(
  ctx: ServiceContext,
  input: { settings: Settings; owner: string; members: readonly string[]; groupId?: string; scale?: 'large' },
): Promise<string> {
  const members = [...new Set(input.members)].filter((m) => m !== input.owner);
  const body: W.CreateGroupRequest = {
    ...toWireSettings(input.settings),
    public: publicOnCreate(input.settings),
    owner: input.owner,
    ...(members.length > 0 ? { members } : {}),
    ...(input.groupId !== undefined ? { groupid: input.groupId } : {}),
    ...(input.scale !== undefined ? { scale: input.scale } : {}),
  };
  const answer = await ctx.client.createGroup(body);
  try {
    return readGroupId((answer as { data?: { groupid?: unknown } } | null)?.data?.groupid, 'the create answer');
  } catch (error) {
    if (!(error instanceof MalformedAnswerError)) throw error;
    throw badAnswer(CALLS.createGroup(), `${error.message}; the group may exist`, { ambiguous: true, cause: error });
  }
}

/**
 * The name is `groupname` on modify by the doc page and both newer SDKs, `name` by
 * Java 1.x. `groupname` is sent; when the answer does not say it changed, the group is
 * read back, and only if the name is still not the wanted one is it sent again as `name`.
 */
export async function updateGroup(ctx: ServiceContext, id: string, settings: Settings): Promise<Partial<Record<SettingName, boolean>>> {
  const body = toWireSettings(settings);
  if (Object.keys(body).length === 0) return {};
  const answer = await ctx.client.modifyGroup(id, body);
  const flags = fromWireFlags(objectOf(answer?.data));
  if (settings.name !== undefined && flags.name !== true) flags.name = await renameAsName(ctx, id, settings.name);
  return flags;
}

async function renameAsName(ctx: ServiceContext, id: string, name: string): Promise<boolean> {
  const hasName = async () => (await readGroups(ctx, [id])).get(id)?.settings.name === name;
  if (await hasName()) return true;
  const answer = await ctx.client.modifyGroup(id, { name });
  return fromWireFlags(objectOf(answer?.data)).name === true || (await hasName());
}

/** Make another member the owner; the old owner stays a member. */
export async function transferOwner(ctx: ServiceContext, id: string, newOwner: string): Promise<void> {
  const answer = await ctx.client.transferOwner(id, newOwner);
  refuseFalse(answer.data?.newowner, CALLS.transferOwner(id), `the server did not make ${newOwner} the owner`);
}

/** Add any number of members, 60 a call; one result a name. */
export async function addMembers(ctx: ServiceContext, id: string, users: readonly string[]): Promise<MemberAnswer[]> {
  const results: MemberAnswer[] = [];
  for (let i = 0; i < users.length; i += LIMITS.memberBatch) {
    results.push(...(await addBatch(ctx, id, users.slice(i, i + LIMITS.memberBatch))));
  }
  return results;
}

/**
 * The batch add answers only `newmembers`. A name left out may already have been a
 * member (say, a retry after a dropped answer), so it is checked, not assumed failed.
 */
async function addBatch(ctx: ServiceContext, id: string, users: readonly string[]): Promise<MemberAnswer[]> {
  const answer = await ctx.client.addMembers(id, users);
  const newmembers: unknown = (answer as { data?: { newmembers?: unknown } } | null)?.data?.newmembers;
  const added = new Set((Array.isArray(newmembers) ? newmembers : []).filter((u): u is string => typeof u === 'string').map((u) => readUser(u, ctx.key)));
  return Promise.all(
    users.map(async (user): Promise<MemberAnswer> => {
      if (added.has(user.toLowerCase())) return { user, ok: true };
      const joined = (await ctx.client.isJoined(id, user)).data;
      return joined === true
        ? { user, ok: true, reason: 'already a member' }
        : { user, ok: false, reason: 'the server did not add this user' };
    }),
  );
}

/** Remove any number of members, 60 a call; one result a name. */
export async function removeMembers(ctx: ServiceContext, id: string, users: readonly string[]): Promise<MemberAnswer[]> {
  const results: MemberAnswer[] = [];
  for (let i = 0; i < users.length; i += LIMITS.memberBatch) {
    const batch = users.slice(i, i + LIMITS.memberBatch);
    results.push(...readRemovalResults(batch, await ctx.client.removeMembers(id, batch), ctx.key));
  }
  return results;
}

/** Promote a member; a 200 that says `false` is a refusal, not success. */
export async function addAdmin(ctx: ServiceContext, id: string, user: string): Promise<void> {
  const answer = await ctx.client.addAdmin(id, user);
  refuseFalse(answer.data?.result, CALLS.addAdmin(id), `the server did not make ${user} an admin`);
}

/** Demote an admin to a member. */
export async function removeAdmin(ctx: ServiceContext, id: string, user: string): Promise<void> {
  const answer = await ctx.client.removeAdmin(id, user);
  refuseFalse(answer.data?.result, CALLS.removeAdmin(id, user), `the server did not demote ${user}`);
}

/** Enable a disabled group; an answer that still says disabled is not success. */
export async function enableGroup(ctx: ServiceContext, id: string): Promise<void> {
  const answer = await ctx.client.enableGroup(id);
  if (answer.data?.disabled === true) throw notDone(CALLS.enableGroup(id), 'the group is still disabled');
}

/** Disable a group: it keeps its members and refuses changes. */
export async function disableGroup(ctx: ServiceContext, id: string): Promise<void> {
  const answer = await ctx.client.disableGroup(id);
  if (answer.data?.disabled === false) throw notDone(CALLS.disableGroup(id), 'the group is still enabled');
}

/** Mute or unmute all; an answer that shows the other state is not success. */
export async function setMuteAll(ctx: ServiceContext, id: string, mute: boolean): Promise<void> {
  const ref = mute ? CALLS.muteAll(id) : CALLS.unmuteAll(id);
  const answer = mute ? await ctx.client.muteAll(id) : await ctx.client.unmuteAll(id);
  if (answer?.data?.mute === !mute) throw notDone(ref, `the group is still ${mute ? 'unmuted' : 'muted'}`);
}

/** Delete a group for good. */
export async function dismissGroup(ctx: ServiceContext, id: string): Promise<void> {
  const answer = await ctx.client.dismissGroup(id);
  refuseFalse(answer.data?.success, CALLS.dismissGroup(id), 'the server did not dismiss the group');
}

/** A 200 answer that says it did not do it (`false`, `"failure"`). Absent means done. */
function refuseFalse(value: unknown, ref: ApiCall, description: string): void {
  if (value === false || value === 'false' || value === 'failure') throw notDone(ref, description);
}

function objectOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Group lifecycle and settings: create, modify, transfer, disable, enable, mute all, dismiss. */
import { SERVICE_LIMITS, type WireSettings } from '../limits.js';
import { MODIFIABLE_FIELDS, checkSettingValues, invalid } from '../wire-settings.js';
import { join } from './membership.js';
import { changeableGroup, checkAppQuota, checkUserQuota, existingGroup, forbidden, tooMany, type Group, type StoreState } from './state.js';
import { existingUser } from './users.js';

export type CreateBody = WireSettings & { owner?: string; members?: string[]; groupid?: string; scale?: string };

/** Assumption: the chosen id follows the form of the ids the server makes (letters, digits, "_", "-"; at most 64). */
const CHOSEN_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function createGroup(s: StoreState, body: CreateBody): string {
  const input = (body ?? {}) as Record<string, unknown>;
  if (typeof input['owner'] !== 'string' || input['owner'] === '') throw invalid('owner must be provided');
  if (input['public'] === undefined) throw invalid('group must contain public field!');
  checkSettingValues(input);
  const chosen = input['groupid'] as string | undefined;
  if (chosen !== undefined && (typeof chosen !== 'string' || !CHOSEN_ID.test(chosen))) throw invalid('groupid is not a valid group id');
  // Assumption: a taken id is refused before the quotas are counted (the order is not documented).
  if (chosen !== undefined && s.groups.has(chosen)) throw invalid(`group ID ${chosen} already exists!`);
  const rawMembers = input['members'] ?? [];
  if (!Array.isArray(rawMembers) || rawMembers.some((m) => typeof m !== 'string')) {
    throw invalid('members must be an array of usernames');
  }
  const owner = existingUser(s, input['owner']);
  // Assumption: the owner named again in `members` is ignored, and repeats count once.
  const members = new Set<string>();
  for (const name of rawMembers as string[]) {
    const user = existingUser(s, name);
    if (user !== owner) members.add(user);
  }
  // FACTS.md "create, extra fields": `scale: large`. Assumption: any other value is refused; no read shows it.
  if (input['scale'] !== undefined && input['scale'] !== 'large') throw invalid('scale must be large');
  const largeDefault = input['scale'] === 'large' ? SERVICE_LIMITS.defaultMaxUsersLarge : SERVICE_LIMITS.defaultMaxUsers;
  const maxusers = (input['maxusers'] as number | undefined) ?? largeDefault;
  if (members.size + 1 > maxusers) throw tooMany();
  checkAppQuota(s);
  checkUserQuota(s, [owner, ...members]);

  // FACTS.md "create, extra fields": the caller's groupid when given.
  const id = chosen ?? (s.nextId++).toString();
  const now = s.now();
  const group: Group = {
    id,
    groupname: (input['groupname'] as string | undefined) ?? '',
    description: (input['description'] as string | undefined) ?? '',
    avatar: (input['avatar'] as string | undefined) ?? '',
    public: input['public'] as boolean,
    maxusers,
    allowinvites: s.publicInvites !== 'kept' && input['public'] === true ? false : ((input['allowinvites'] as boolean | undefined) ?? false),
    membersonly: (input['membersonly'] as boolean | undefined) ?? false,
    invite_need_confirm: (input['invite_need_confirm'] as boolean | undefined) ?? true,
    custom: (input['custom'] as string | undefined) ?? '',
    owner,
    admins: new Set(),
    members,
    disabled: false,
    mute: false,
    announcement: '',
    allow: new Set(),
    blocks: new Set(),
    created: now,
    lastModified: now,
  };
  s.groups.set(id, group);
  for (const user of [owner, ...members]) join(s, user, id);
  s.order.insert({ created: now, id });
  return id;
}

/**
 * One boolean per given field. maxusers below the current head count (owner
 * included) answers false and is left as it was: the modify page says false means
 * "not changed".
 */
export function modifyGroup(s: StoreState, id: string, body: Record<string, unknown>): Record<string, boolean> {
  const group = changeableGroup(s, id);
  const input = body ?? {};
  const unknown = Object.keys(input).filter((field) => !MODIFIABLE_FIELDS.has(field));
  if (unknown.length > 0) throw invalid(`some of [${unknown.join(', ')}] are not valid fields`);
  checkSettingValues(input);
  const result: Record<string, boolean> = {};
  const writable = group as unknown as Record<string, unknown>;
  for (const [field, value] of Object.entries(input)) {
    if (field === 'maxusers' && (value as number) < group.members.size + 1) {
      result[field] = false;
      continue;
    }
    writable[field] = value;
    result[field] = true;
  }
  // The `public-no-invites` dialect: the modify answers true, and the group keeps false.
  if (s.publicInvites === 'never' && group.public) group.allowinvites = false;
  if (Object.values(result).some(Boolean)) group.lastModified = s.now();
  return result;
}

export function transferOwner(s: StoreState, id: string, newOwner: string): void {
  const group = changeableGroup(s, id);
  const user = existingUser(s, newOwner);
  if (user === group.owner) throw forbidden('new owner and old owner are the same');
  if (!group.members.has(user)) throw forbidden(`user: ${user} doesn't exist in group: ${id}`);
  group.members.delete(user);
  // FACTS.md: the old owner stays in the group as an ordinary member.
  group.members.add(group.owner);
  group.owner = user;
  if (!s.transferKeepsAdmin) group.admins.delete(user);
  group.lastModified = s.now();
}

/** Mute all (FACTS.md "Group features"): idempotent; a disabled group refuses it like any change. */
export function setMute(s: StoreState, id: string, mute: boolean): void {
  const group = changeableGroup(s, id);
  group.mute = mute;
  group.lastModified = s.now();
}

/** Reads, enable, disable and dismiss stay allowed on a disabled group. */
export function setDisabled(s: StoreState, id: string, disabled: boolean): void {
  const group = existingGroup(s, id);
  group.disabled = disabled;
  group.lastModified = s.now();
}

export function dismiss(s: StoreState, id: string): void {
  const group = existingGroup(s, id);
  s.groups.delete(id);
  s.order.remove({ created: group.created, id });
  for (const user of [group.owner, ...group.members]) s.joined.get(user)?.delete(id);
}


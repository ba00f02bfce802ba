/**
 * Turns generated group cases into a world (an emulator store, bindings) and a desired
 * state, and states what each group must look like once the plan has run: the contract's
 * rules written out plainly, as the oracle of the properties.
 */
import { GroupStore } from '../../src/emulator/store.js';
import type { Binding, DesiredGroup, DesiredState, Settings } from '../../src/model/group.js';
import { ALL_USERS, type GroupCase, type GroupSeed } from './arbitraries.js';
import type { World } from './simulate.js';

export interface Membership {
  owner: string;
  admins: string[];
  members: string[];
}

/** Owner + admins + members as the contract defines them, from config and what is live. */
export function expectedMembership(desired: DesiredGroup, live?: Membership): Membership {
  const owner = desired.owner ?? live!.owner;
  // A blocked user is not a member (and so no admin either).
  const blocked = new Set(desired.blockList ?? []);
  const admins = new Set((desired.admins ?? live?.admins ?? []).filter((u) => u !== owner && !blocked.has(u)));
  const members = new Set(
    desired.members !== undefined
      ? [...desired.members, ...admins]
      : // Membership not managed: nobody leaves; the old owner stays as a member.
        [...(live?.members ?? []), ...(live ? [live.owner] : []), ...admins],
  );
  members.delete(owner);
  for (const user of blocked) members.delete(user);
  return { owner, admins: [...admins].sort(), members: [...members].sort() };
}

export interface Expected {
  key: string;
  membership: Membership;
  disabled: boolean;
  mute: boolean;
  /** The announcement as it must read ('' for none). */
  announcement: string;
  /** The allow and block lists at the end: config's, else the live ones less the users who left the group. */
  allow: string[];
  blocks: string[];
  /** Every setting by config name, as it must read at the end. */
  settings: Required<Settings>;
}

export interface Built {
  world: World;
  desired: DesiredState;
  expected: Expected[];
}

const STORE_DEFAULTS = {
  name: '',
  description: '',
  avatar: '',
  public: false,
  allow_invites: false,
  members_only: false,
  invite_need_confirm: true,
  custom: '',
} as const;

function settingsOfSeed(seed: GroupSeed): Required<Settings> {
  return {
    name: seed.groupname!,
    description: seed.description!,
    avatar: seed.avatar!,
    public: seed.public!,
    max_users: seed.maxusers!,
    allow_invites: seed.allowinvites!,
    members_only: seed.membersonly!,
    invite_need_confirm: seed.invite_need_confirm!,
    custom: seed.custom!,
  };
}

export interface ScenarioOptions {
  transferKeepsAdmin: boolean;
  showsInviteConfirm: boolean;
  /**
   * The emulator's `publicInvites` reading (dialects.ts). Under `never` no public group can
   * hold allow_invites true: seeds are made to match, and a group that ends public ends with
   * false whatever the config asks (the plan warns instead, plan/unkept-invites.ts).
   */
  publicInvites?: 'kept' | 'never' | 'create-only';
}

/** block_list as config may declare it: never the owner, an admin or a member it lists (config errors). */
function addLists(group: DesiredGroup, shape: GroupCase['desired'], owner: string | undefined): void {
  if (shape.blockList === undefined) return;
  const declared = new Set([...(group.admins ?? []), ...(group.members ?? [])]);
  group.blockList = shape.blockList.filter((u) => u !== owner && !declared.has(u)).sort();
}

/** The users of a list who are in the group at the end (the allow list takes members only). */
function keepMembers(users: readonly string[], m: Membership): string[] {
  return users.filter((u) => u === m.owner || m.members.includes(u)).sort();
}

export function buildScenario(cases: GroupCase[], options: ScenarioOptions): Built {
  const never = options.publicInvites === 'never';
  const seeds: GroupSeed[] = [];
  const bindings = new Map<string, Binding>();
  const groups = new Map<string, DesiredGroup>();
  const expected: Expected[] = [];

  cases.forEach((c, i) => {
    const key = `g${i}`;
    const shape = c.desired;
    const live = c.kind === 'existing' ? { ...c.live.seed, id: String(5000 + i) } : undefined;
    if (live && never && live.public === true) live.allowinvites = false;
    const liveMembership = live && { owner: live.owner, admins: live.admins ?? [], members: live.members ?? [] };
    const owner = shape.owner ?? live?.owner;
    const group: DesiredGroup = {
      key,
      source: { file: 'groups/generated.yaml', line: i + 1, col: 3 },
      settings: { ...shape.settings },
      ensure: 'present',
      protect: false,
      ...(shape.owner !== undefined ? { owner: shape.owner } : {}),
      ...(shape.admins !== undefined ? { admins: shape.admins.filter((u) => u !== owner) } : {}),
      ...(shape.members !== undefined ? { members: shape.members } : {}),
      ...(shape.disabled !== undefined ? { disabled: shape.disabled } : {}),
      ...(shape.muteAll !== undefined ? { muteAll: shape.muteAll } : {}),
      ...(shape.announcement !== undefined ? { announcement: shape.announcement } : {}),
    };
    addLists(group, shape, owner);
    const membership = expectedMembership(group, liveMembership);
    if (shape.allowList !== undefined) group.allowList = keepMembers(shape.allowList, membership);
    const headCount = 1 + membership.members.length;
    // A create's users to block join it first (only members can be blocked): they count at its peak.
    const joinToBlock = c.kind === 'existing' ? 0 : (group.blockList?.length ?? 0);
    if (shape.maxOffset !== undefined) group.settings.max_users = headCount + shape.maxOffset + joinToBlock;
    // A blocked user the config adds, with the block list not managed, is the service's refusal, not the planner's business.
    if (live && group.blockList === undefined) live.blocks = (live.blocks ?? []).filter((u) => u !== membership.owner && !membership.members.includes(u));

    if (c.kind === 'existing' && live) {
      // max_users not managed: the live value must already fit the final head count.
      if (shape.maxOffset === undefined) live.maxusers = Math.max(live.maxusers!, headCount);
      seeds.push(live);
      if (c.byConfigId) group.id = live.id;
      else bindings.set(key, c.live.writtenKnown ? { id: live.id, written: { invite_need_confirm: live.invite_need_confirm! } } : { id: live.id });
    }
    if (c.kind === 'gone') bindings.set(key, { id: String(9000 + i) });
    groups.set(key, group);

    const before = live ? settingsOfSeed(live) : { ...STORE_DEFAULTS, max_users: 200 };
    const settings = { ...before, ...group.settings } as Required<Settings>;
    if (never && settings.public) settings.allow_invites = false;
    expected.push({
      key,
      membership,
      disabled: group.disabled ?? live?.disabled ?? false,
      mute: group.muteAll ?? live?.mute ?? false,
      announcement: group.announcement ?? live?.announcement ?? '',
      allow: group.allowList ?? keepMembers(live?.allow ?? [], membership),
      blocks: group.blockList ?? [...(live?.blocks ?? [])].sort(),
      settings,
    });
  });

  const store = GroupStore.fromData({ users: ALL_USERS, groups: seeds }, { transferKeepsAdmin: options.transferKeepsAdmin, now: () => 1_700_000_000_000 });
  return {
    world: { store, bindings, showsInviteConfirm: options.showsInviteConfirm },
    desired: { groups, files: ['groups/generated.yaml'] },
    expected,
  };
}

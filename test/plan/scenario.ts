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
  const admins = new Set((desired.admins ?? live?.admins ?? []).filter((u) => u !== owner));
  const members = new Set(
    desired.members !== undefined
      ? [...desired.members, ...admins]
      : // Membership not managed: nobody leaves; the old owner stays as a member.
        [...(live?.members ?? []), ...(live ? [live.owner] : []), ...admins],
  );
  members.delete(owner);
  return { owner, admins: [...admins].sort(), members: [...members].sort() };
}

export interface Expected {
  key: string;
  membership: Membership;
  disabled: boolean;
  mute: boolean;
  /** The announcement as it must read ('' for none). */
  announcement: string;
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
    const membership = expectedMembership(group, liveMembership);
    const headCount = 1 + membership.members.length;
    if (shape.maxOffset !== undefined) group.settings.max_users = headCount + shape.maxOffset;

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

/**
 * Generators of (live, desired) pairs for the planner's properties: small user pools so
 * owners, admins and members collide often, groups at capacity, disabled groups, owner
 * changes of every kind, creates over one batch, admins at the 99 cap, and mute-all and
 * announcements on groups of every kind (disabled ones and creates included).
 */
import fc from 'fast-check';
import type { GroupRecord } from '../../src/emulator/store.js';
import type { Settings } from '../../src/model/group.js';

const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);

/** Owners, admins and members of ordinary groups. */
export const SMALL_POOL = range('u', 7);
/** Members of new groups larger than one create batch. */
export const BIG_POOL = range('m', 130);
/** Admins near the 99 cap. */
export const ADMIN_POOL = range('a', 103);
export const ALL_USERS = [...SMALL_POOL, ...BIG_POOL, ...ADMIN_POOL];

/** A group as the store's seed takes it. */
export type GroupSeed = Partial<GroupRecord> & { owner: string };

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

type FullSettings = Omit<Required<Settings>, 'max_users'>;

/** Every setting but max_users, with few values so that "already as declared" happens too. */
const fullSettings: fc.Arbitrary<FullSettings> = fc.record({
  name: fc.constantFrom('Alpha', 'Beta'),
  description: fc.constantFrom('', 'about'),
  avatar: fc.constantFrom('', 'https://example.com/a.png'),
  public: fc.boolean(),
  allow_invites: fc.boolean(),
  members_only: fc.boolean(),
  invite_need_confirm: fc.boolean(),
  custom: fc.constantFrom('', 'team=x'),
});

const SETTING_KEYS = ['name', 'description', 'avatar', 'public', 'allow_invites', 'members_only', 'invite_need_confirm', 'custom'] as const;

/** Any subset of the settings, each left out (not managed) or given. */
const someSettings: fc.Arbitrary<Settings> = fc
  .tuple(fullSettings, fc.subarray([...SETTING_KEYS]))
  .map(([all, keys]) => Object.fromEntries(keys.map((k) => [k, all[k]])) as Settings);

/** A live group, as a store seed. */
export interface LiveShape {
  seed: GroupSeed;
  /** groupctl knows what it last wrote for invite_need_confirm (else: unknown). */
  writtenKnown: boolean;
}

interface LiveParts {
  owner: string;
  members: string[];
  admins: string[];
  /** max_users over the head count: 0 = full. */
  slack: number;
  disabled: boolean;
  mute: boolean;
  announcement: string;
  /** Raw picks: the seed keeps allow-listed members only, and blocks of non-members only (the store's rules). */
  allow: string[];
  blocks: string[];
  settings: FullSettings;
  writtenKnown: boolean;
}

function toShape({ owner, members, admins, slack, disabled, mute, announcement, allow, blocks, settings, writtenKnown }: LiveParts): LiveShape {
  const others = members.filter((u) => u !== owner);
  return {
    writtenKnown,
    seed: {
      owner,
      members: others,
      admins: admins.filter((u) => others.includes(u)),
      maxusers: 1 + others.length + slack,
      disabled,
      mute,
      announcement,
      allow: allow.filter((u) => others.includes(u)),
      blocks: blocks.filter((u) => u !== owner && !others.includes(u)),
      groupname: settings.name,
      description: settings.description,
      avatar: settings.avatar,
      public: settings.public,
      allowinvites: settings.allow_invites,
      membersonly: settings.members_only,
      invite_need_confirm: settings.invite_need_confirm,
      custom: settings.custom,
    },
  };
}

/** Few texts, so "already as declared" happens too; '' is no announcement. */
const ANNOUNCEMENTS = ['', 'Be kind', 'Read the rules'] as const;

const liveCommon = {
  slack: fc.integer({ min: 0, max: 2 }),
  disabled: fc.boolean(),
  mute: fc.boolean(),
  announcement: fc.constantFrom(...ANNOUNCEMENTS),
  allow: fc.subarray(SMALL_POOL, { maxLength: 3 }),
  blocks: fc.subarray(SMALL_POOL, { maxLength: 3 }),
  settings: fullSettings,
  writtenKnown: fc.boolean(),
};

/** Desired membership and settings; `maxOffset` is max_users over the final head count (undefined: not managed). */
export interface DesiredShape {
  owner?: string;
  admins?: string[];
  members?: string[];
  disabled?: boolean;
  muteAll?: boolean;
  announcement?: string;
  /** Raw picks: the scenario keeps those config allows (final members only; blocks never of the owner or a declared member). */
  allowList?: string[];
  blockList?: string[];
  settings: Settings;
  maxOffset?: number;
}

function desiredShape(owner: fc.Arbitrary<string | undefined>, admins: fc.Arbitrary<string[]>, memberPool: string[]): fc.Arbitrary<DesiredShape> {
  return fc.record({
    owner,
    admins: opt(admins),
    members: opt(fc.subarray(memberPool)),
    disabled: opt(fc.boolean()),
    muteAll: opt(fc.boolean()),
    announcement: opt(fc.constantFrom(...ANNOUNCEMENTS)),
    allowList: opt(fc.subarray(SMALL_POOL, { maxLength: 4 })),
    blockList: opt(fc.subarray(SMALL_POOL, { maxLength: 3 })),
    settings: someSettings,
    maxOffset: opt(fc.integer({ min: 0, max: 3 })),
  });
}

export type GroupCase =
  /** Bound in state (or by config id) to a live group. */
  | { kind: 'existing'; byConfigId: boolean; live: LiveShape; desired: DesiredShape }
  /** Not bound: created. */
  | { kind: 'new'; desired: DesiredShape }
  /** Bound to a group that no longer exists: created anew. */
  | { kind: 'gone'; desired: DesiredShape };

const ordinary: fc.Arbitrary<GroupCase> = fc.record({
  kind: fc.constant('existing' as const),
  byConfigId: fc.boolean(),
  live: fc.record({ owner: fc.constantFrom(...SMALL_POOL), members: fc.subarray(SMALL_POOL), admins: fc.subarray(SMALL_POOL), ...liveCommon }).map(toShape),
  desired: desiredShape(fc.option(fc.constantFrom(...SMALL_POOL), { nil: undefined, freq: 4 }), fc.subarray(SMALL_POOL), SMALL_POOL),
});

/** Around 99 admins live and wanted, some of them different: demotions must come first. */
const crowdedAdmins = fc.subarray(ADMIN_POOL, { minLength: 94, maxLength: 99 });
const crowded: fc.Arbitrary<GroupCase> = fc.record({
  kind: fc.constant('existing' as const),
  byConfigId: fc.constant(false),
  live: fc.record({ owner: fc.constant('u000'), members: fc.constant(ADMIN_POOL), admins: crowdedAdmins, ...liveCommon }).map(toShape),
  desired: desiredShape(fc.constantFrom('u000', 'a000', 'u001'), crowdedAdmins, ADMIN_POOL),
});

const created = (kind: 'new' | 'gone'): fc.Arbitrary<GroupCase> =>
  fc.record({ kind: fc.constant(kind), desired: desiredShape(fc.constantFrom(...SMALL_POOL), fc.subarray(SMALL_POOL), BIG_POOL) });

/** One to three groups per plan, mostly live ones. */
export const groupCases: fc.Arbitrary<GroupCase[]> = fc.array(
  fc.oneof(
    { arbitrary: ordinary, weight: 6 },
    { arbitrary: created('new'), weight: 2 },
    { arbitrary: created('gone'), weight: 1 },
    { arbitrary: crowded, weight: 1 },
  ),
  { minLength: 1, maxLength: 3 },
);

/**
 * Identity stories (issue 9): rounds of config edits over a few keys, the way a team edits
 * a repository — keys dropped for a while, brought back, renamed with `moved:`, forgotten
 * with `removed:`, dismissed, protected — with groups deleted behind groupctl's back between
 * rounds. Each base key has a rename target (`a` -> `a2`) with the same owner and name.
 */
export const STORY_KEYS = ['a', 'b', 'c', 'd'] as const;
export type StoryKey = (typeof STORY_KEYS)[number];

/** What a round's config says about one base key. */
export type KeyFate =
  /** Declared under its own name. */
  | 'present'
  /** Declared, with `protect: true`. */
  | 'protected'
  /** Declared under its rename target, with `moved: {from: key, to: key2}`. */
  | 'moved'
  /** Declared under its rename target, without a `moved:` entry (a careless rename). */
  | 'renamed'
  /** Declared with `ensure: dismissed`. */
  | 'dismissed'
  /** Left out of the config. */
  | 'dropped'
  /** Left out and listed under `removed:`. */
  | 'removed';

export interface StoryRound {
  fates: Record<StoryKey, KeyFate>;
  /** Keys whose live group (if bound) is dismissed outside groupctl before the round. */
  deletedLive: StoryKey[];
}

const fate: fc.Arbitrary<KeyFate> = fc.oneof(
  { arbitrary: fc.constant('present' as const), weight: 5 },
  { arbitrary: fc.constant('protected' as const), weight: 1 },
  { arbitrary: fc.constant('moved' as const), weight: 2 },
  { arbitrary: fc.constant('renamed' as const), weight: 1 },
  { arbitrary: fc.constant('dismissed' as const), weight: 1 },
  { arbitrary: fc.constant('dropped' as const), weight: 3 },
  { arbitrary: fc.constant('removed' as const), weight: 1 },
);

const round: fc.Arbitrary<StoryRound> = fc.record({
  fates: fc.record({ a: fate, b: fate, c: fate, d: fate }),
  deletedLive: fc.subarray([...STORY_KEYS], { maxLength: 2 }),
});

/** Two to five rounds; the first creates what it declares. */
export const identityStories: fc.Arbitrary<StoryRound[]> = fc.array(round, { minLength: 2, maxLength: 5 });

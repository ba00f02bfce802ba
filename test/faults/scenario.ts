/**
 * A generated configuration for the fault tests, the live groups that exist before it is
 * applied, and the check every fault test ends with: the tool converged, with no group
 * created twice and no binding lost.
 *
 * The config mixes what a real one holds: managed and unmanaged members and admins,
 * disabled groups, write-only settings, defaults, a sub-folder, groups created by the
 * tool and groups that existed before it (bound by `id:`, drifted: renamed, another
 * owner, missing admins, extra members, banned). Later generations of the same scenario
 * rename, transfer and re-staff some groups and add more, so that a long test always
 * has work left to interrupt. Every named group has its own (owner, name), so two live
 * groups sharing one can only be a create done twice; a few of the bot's groups have no
 * name, and for those the count of live groups tells.
 */
import path from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import { stringify } from 'yaml';
import type { GroupRecord, RunningEmulator, StoreData } from '../../src/emulator/index.js';
import { StateStore } from '../../src/state/index.js';
import { runCli } from '../helpers/cli.js';
import { between, pick, seededRandom, type Random } from './prng.js';

export interface ScenarioOptions {
  /** Groups the first generation creates. */
  creates: number;
  /** Live groups that exist before the first apply, bound by `id:`. */
  existing: number;
  seed: number;
  /** 0 first; each later one changes about a third of the groups and adds `growth` more. */
  generation?: number;
  /** Groups each generation adds; default 4. */
  growth?: number;
}

export interface ExpectedGroup {
  owner: string;
  name: string;
  /** The `id:` the config binds it to; without one, the state file holds the binding. */
  id?: string;
}

export interface Scenario {
  options: Required<ScenarioOptions>;
  /** Config files by path relative to the test folder, all below `groups/`. */
  files: Record<string, string>;
  /** Users and pre-existing groups for the emulator's seed. */
  seed: StoreData;
  /** What each declared key must end up as. */
  expected: Map<string, ExpectedGroup>;
  /** Live groups once converged: the pre-existing ones plus one per created key. */
  groupCount: number;
}

/** The config PATH the tests pass; the state file lands beside it. */
export const CONFIG_DIR = 'groups';
export const STATE_FILE = path.join(CONFIG_DIR, 'groupctl.state.json');

/** One owner holds many groups, so that looking up an unfinished create pages through its list. */
const BOT = 'ops-bot';
const POOL = Array.from({ length: 24 }, (_, i) => `user-${String(i).padStart(2, '0')}`);
const FIRST_EXISTING_ID = 228_000_000_000_500n;

export function makeScenario(options: ScenarioOptions): Scenario {
  const o: Required<ScenarioOptions> = { generation: 0, growth: 4, ...options };
  const expected = new Map<string, ExpectedGroup>();

  const created: Record<string, unknown> = {};
  const createdCount = o.creates + o.generation * o.growth;
  for (let i = 0; i < createdCount; i++) {
    const key = `team-${pad(i)}`;
    const group = createdGroup(o.seed, i, revisionOf(i, o.generation));
    created[key] = group;
    // A group whose name is not managed is created without one; the emulator leaves it empty.
    expected.set(key, { owner: group.owner as string, name: (group.name as string | undefined) ?? '' });
  }

  const existing: Record<string, unknown> = {};
  const seedGroups: StoreData['groups'] = [];
  for (let j = 0; j < o.existing; j++) {
    const key = `legacy-${pad(j)}`;
    const id = String(FIRST_EXISTING_ID + BigInt(j));
    const group = { id, ...existingGroup(o.seed, j, revisionOf(j, o.generation)) };
    existing[key] = group;
    expected.set(key, { owner: group.owner as string, name: group.name as string, id });
    seedGroups.push(driftedSeed(o.seed, j, id));
  }

  // Half the created groups in a sub-folder with file defaults, to cover both.
  const half = Math.ceil(createdCount / 2);
  const entries = Object.entries(created);
  const files: Record<string, string> = {
    [`${CONFIG_DIR}/core.yaml`]: yamlOf({ groups: Object.fromEntries(entries.slice(0, half)) }),
    [`${CONFIG_DIR}/teams/more.yaml`]: yamlOf({
      defaults: { public: false, max_users: 300 },
      groups: Object.fromEntries(entries.slice(half)),
    }),
  };
  if (o.existing > 0) files[`${CONFIG_DIR}/legacy.yaml`] = yamlOf({ groups: existing });

  return {
    options: o,
    files,
    seed: { users: [BOT, ...POOL], groups: seedGroups },
    expected,
    groupCount: o.existing + createdCount,
  };
}

/** Writes (or rewrites, for a later generation) the scenario's config into `dir`. */
export function writeScenario(dir: string, scenario: Scenario): void {
  for (const [name, text] of Object.entries(scenario.files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

/** How many times group `i` has been changed by generation `g`: about a third of the groups per generation. */
function revisionOf(i: number, generation: number): number {
  let revision = 0;
  for (let g = 1; g <= generation; g++) if ((i + g) % 3 === 0) revision++;
  return revision;
}

function createdGroup(seed: number, i: number, revision: number): Record<string, unknown> {
  const random = groupRandom(seed, i, revision);
  const owner = i % 3 === 0 ? BOT : pick(random, POOL, 1)[0]!;
  const group: Record<string, unknown> = {
    name: `Team ${pad(i)}${revision % 2 === 1 ? ` r${revision}` : ''}`,
    description: `Scenario group ${i}, revision ${revision}`,
    owner,
    ...staffOf(random, owner, i),
    max_users: [50, 200, 500][i % 3],
    custom: `index=${i};rev=${revision}`,
  };
  // Some of the bot's groups leave the name out: their unfinished creates match by owner only.
  if (i % 9 === 3) delete group.name;
  if (i % 2 === 0) group.public = revision % 2 === 0;
  if (i % 4 === 1) group.allow_invites = random() < 0.5;
  if (i % 4 === 2) group.members_only = random() < 0.5;
  if (i % 5 === 0) group.invite_need_confirm = revision % 2 === 0;
  if (i % 7 === 0) group.disabled = revision % 2 === 0;
  return group;
}

/** Config of a pre-existing group: its seed is drifted from this in every way the planner handles. */
function existingGroup(seed: number, j: number, revision: number): Record<string, unknown> {
  const random = groupRandom(seed, 1000 + j, revision);
  const owner = pick(random, POOL, 1)[0]!;
  return {
    name: `Legacy ${pad(j)}${revision % 2 === 1 ? ` r${revision}` : ''}`,
    description: `Adopted group ${j}, revision ${revision}`,
    owner,
    ...staffOf(random, owner, j),
    max_users: 100,
    disabled: false,
  };
}

function driftedSeed(seed: number, j: number, id: string): StoreData['groups'][number] {
  const random = seededRandom(seed ^ (0x5eed + j * 7919));
  const members = pick(random, POOL, between(random, 2, 6));
  return {
    id,
    groupname: `Legacy ${pad(j)} (before groupctl)`,
    description: 'made by hand',
    owner: pick(random, POOL, 1)[0]!,
    admins: members.slice(0, between(random, 0, 2)),
    members,
    public: false,
    maxusers: 100,
    disabled: j % 4 === 1,
  };
}

/** Admins managed for three groups in four, members for two in three. */
function staffOf(random: Random, owner: string, i: number): { admins?: string[]; members?: string[] } {
  const others = POOL.filter((u) => u !== owner);
  const admins = pick(random, others, between(random, 0, 2));
  const members = pick(random, others.filter((u) => !admins.includes(u)), between(random, 1, 5));
  const staff: { admins?: string[]; members?: string[] } = {};
  if (i % 4 !== 3) staff.admins = admins.sort();
  if (i % 3 !== 2) staff.members = members.sort();
  return staff;
}

function groupRandom(seed: number, i: number, revision: number): Random {
  return seededRandom((seed ^ Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(revision + 1, 0x85ebca6b)) >>> 0);
}

function pad(n: number): string {
  return String(n).padStart(3, '0');
}

function yamlOf(value: unknown): string {
  return `# generated by test/faults/scenario.ts\n${stringify(value)}`;
}

/** The env that points the CLI at an emulator. */
export function emulatorEnv(emulator: Pick<RunningEmulator, 'baseUrls'>): Record<string, string> {
  return { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' };
}

/** Every live group of the emulator, through its store. */
export function liveGroups(emulator: RunningEmulator): GroupRecord[] {
  const all: GroupRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = emulator.store.listGroups(1000, cursor);
    all.push(...page.groups);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return all;
}

/**
 * (owner, name) pairs held by more live groups than the scenario declares (one, when no
 * scenario is given or it declares none: a group being renamed still has its old name),
 * with their ids: a create done twice.
 */
export function duplicateGroups(emulator: RunningEmulator, scenario?: Scenario): string[] {
  const declared = new Map<string, number>();
  for (const g of scenario?.expected.values() ?? []) declared.set(identityOf(g.owner, g.name), (declared.get(identityOf(g.owner, g.name)) ?? 0) + 1);
  const live = new Map<string, string[]>();
  for (const g of liveGroups(emulator)) {
    const identity = identityOf(g.owner, g.groupname);
    live.set(identity, [...(live.get(identity) ?? []), g.id]);
  }
  return [...live]
    .filter(([identity, ids]) => ids.length > Math.max(1, declared.get(identity) ?? 0))
    .map(([identity, ids]) => `${identity}: ${ids.join(', ')}`);
}

function identityOf(owner: string, name: string): string {
  return `${owner} / ${name}`;
}

/**
 * The end of every fault test: `plan --detailed-exitcode` exits 0, every declared key is
 * bound to its own live group with the declared owner and name, no create is left
 * unfinished, no two live groups share (owner, name), and there are exactly as many live
 * groups as expected. Faults are switched off first, so a failed read is not mistaken
 * for drift.
 */
export async function expectConverged(emulator: RunningEmulator, dir: string, scenario: Scenario): Promise<void> {
  emulator.setFaults({ latencyMs: 0, rateLimit: 0, faultRate: 0 });

  const plan = await runCli(['plan', CONFIG_DIR, '--detailed-exitcode'], { cwd: dir, env: emulatorEnv(emulator) });
  expect(plan.code, `plan is not clean:\n${plan.stdout}\n${plan.stderr}`).toBe(0);

  const state = await StateStore.open(path.join(dir, STATE_FILE), { lock: false });
  const bindings = state.bindings();
  expect([...state.intents().keys()], 'creates left unfinished').toEqual([]);

  const problems: string[] = [];
  const keysById = new Map<string, string[]>();
  for (const [key, want] of scenario.expected) {
    const id = want.id ?? bindings.get(key)?.id;
    if (id === undefined) {
      problems.push(`${key}: not bound`);
      continue;
    }
    keysById.set(id, [...(keysById.get(id) ?? []), key]);
    const live = emulator.store.getGroup(id);
    if (live === undefined) problems.push(`${key}: bound to ${id}, which does not exist`);
    else if (live.owner !== want.owner || live.groupname !== want.name) {
      problems.push(`${key}: live ${id} is ${live.owner} / ${live.groupname}, want ${want.owner} / ${want.name}`);
    }
  }
  for (const [id, keys] of keysById) if (keys.length > 1) problems.push(`${id} is bound to several keys: ${keys.join(', ')}`);
  expect(problems, 'bindings').toEqual([]);

  expect(duplicateGroups(emulator, scenario), 'groups created twice').toEqual([]);
  expect(emulator.store.groupCount(), 'live group count').toBe(scenario.groupCount);
}

/**
 * The shared front half of plan, apply and import: config -> state -> connection -> live -> plan.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/index.js';
import { findCandidates, findMissingUsers, readLive, type ReadLiveOptions, type WantedGroup } from '../live/index.js';
import { type Binding, type DesiredGroup, type DesiredState, type LiveGroup } from '../model/group.js';
import {
  type GuardLimits,
  idsToRead,
  joinReads,
  makePlan,
  type Plan,
  plannedId,
  READ_DETAILS,
  readsFor,
  resolveKeys,
  usersToLookUp,
  withMissingUsers,
} from '../plan/index.js';
import { defaultStatePath, StateStore } from '../state/index.js';
import { numberSetting, type ParsedArgs } from './args.js';
import { type Connection, sandboxFileOf } from './connection.js';
import { type Io, UserError } from './io.js';
import { collectGarbageIfBloated } from './memory.js';
import type { ReadProgress } from './read-progress.js';
import { timeCpu } from './stats.js';

export const DEFAULT_PATHS = ['groups/'];

/** PATH arguments, resolved; the default `groups/` must exist. */
export function configPaths(positionals: string[], io: Io): string[] {
  if (positionals.length > 0) return positionals.map((p) => path.resolve(io.cwd, p));
  const fallback = path.resolve(io.cwd, DEFAULT_PATHS[0]!);
  if (!existsSync(fallback)) {
    throw new UserError(
      'no configuration: groups/ does not exist here.\n' +
        'Pass the YAML files or folders to read (e.g. "npx groupctl plan examples/small-team"), or create groups/.',
    );
  }
  return [fallback];
}

export function loadDesired(paths: string[], io: Io): Promise<DesiredState> {
  return loadConfig(paths, { cwd: io.cwd });
}

/**
 * Where the bindings live: --state, else beside the config; with --sandbox (and no
 * --state) beside the sandbox file, so sandbox ids never mix with a real app's.
 */
export function statePathFor(flags: ParsedArgs['flags'], paths: string[], io: Io): string {
  if (typeof flags.state === 'string') return path.resolve(io.cwd, flags.state);
  const sandbox = sandboxFileOf(flags, io);
  if (sandbox !== undefined) return sandbox.replace(/\.json$/, '') + '.state.json';
  return defaultStatePath(paths);
}

/**
 * The state store for a command that writes it. Its folder is made first: the lock file
 * goes beside the state file, and with --sandbox in a fresh folder .groupctl/ is not there yet.
 */
export function openWritableState(file: string): Promise<StateStore> {
  mkdirSync(path.dirname(file), { recursive: true });
  return StateStore.open(file, { lock: true });
}

/** What narrows a plan and what its guards allow (the flags plan and apply share). */
export interface PlanScope {
  targets?: string[];
  limits?: GuardLimits;
  /** Ask the service whether each user a step adds exists (default true; `--no-check-users` turns it off). */
  checkUsers?: boolean;
}

/** `--target`, `--max-removals`, `--allow-recreate`, `--max-forget`, checked. */
export function planScopeOf(flags: ParsedArgs['flags'], io: Io): PlanScope {
  const scope: PlanScope = { limits: {} };
  const targets = flags.target;
  if (Array.isArray(targets) && targets.length > 0) scope.targets = targets;
  const count = (name: string, env: string): number | undefined => {
    if (flags[name] === undefined && (io.env[env] ?? '') === '') return undefined;
    return numberSetting(flags[name], env, io.env, 0, (n) => Number.isInteger(n) && n >= 0, name);
  };
  const removals = count('max-removals', 'GROUPCTL_MAX_REMOVALS');
  if (removals !== undefined) scope.limits!.removals = removals;
  const forgets = count('max-forget', 'GROUPCTL_MAX_FORGET');
  if (forgets !== undefined) scope.limits!.forgets = forgets;
  if (flags['allow-recreate'] === true) scope.limits!.recreates = null;
  if (flags['check-users'] === false) scope.checkUsers = false;
  return scope;
}

/**
 * The CLI's live read: every command reads through here, so large reads keep their memory
 * down. `reads` says what to read of each group beyond its details (default: everything).
 */
export async function readLiveGroups(
  connection: Connection,
  ids: readonly string[],
  options: { reads?: ReadLiveOptions['reads']; progress?: ReadProgress } = {},
): Promise<Map<string, LiveGroup | null>> {
  const { reads, progress } = options;
  try {
    return await readLive(connection.service, ids, {
      concurrency: connection.concurrency,
      ...(reads ? { reads } : {}),
      onProgress: (done, total) => {
        progress?.update(done, total);
        if (done % 500 === 0) collectGarbageIfBloated();
      },
    });
  } finally {
    progress?.finish();
  }
}

/**
 * What the plan of each bound id needs read (plan/reads.ts): the config's groups decide, by
 * the owner the details show. An id no planned key resolves to (a kept binding, read for
 * moved: suggestions) needs its details only.
 */
export function readsOfConfig(desired: DesiredState, bindings: ReadonlyMap<string, Binding>, targets?: readonly string[]): NonNullable<ReadLiveOptions['reads']> {
  const keysById = new Map<string, DesiredGroup[]>();
  const resolved = resolveKeys(desired, bindings, targets);
  for (const group of resolved.groups) {
    const id = plannedId(group, resolved.bindings);
    if (id === undefined) continue;
    const groups = keysById.get(id);
    if (groups === undefined) keysById.set(id, [group]);
    else groups.push(group);
  }
  return (id, snapshot) => (keysById.get(id) ?? []).reduce((acc, group) => joinReads(acc, readsFor(group, snapshot.owner)), READ_DETAILS);
}

/**
 * Reads what the plan needs and makes it, telling the truth about what apply will meet:
 * - the bound groups, read in the fewest calls (live/read-live);
 * - only when the plan creates groups: one pass over the app's group list for live groups
 *   bound to no key with a create's owner and name, whose details are then read too, so
 *   the planner imports such a group instead of creating a second one;
 * - the users the steps would add, one look-up each, so a missing user is a plan error;
 * - and at least one authenticated call, so bad credentials fail the plan even when
 *   there is nothing to read.
 */
export async function readAndPlan(
  desired: DesiredState,
  state: StateStore,
  connection: Connection,
  progress?: ReadProgress,
  scope: PlanScope = {},
): Promise<{ live: Map<string, LiveGroup | null>; plan: Plan }> {
  const { checkUsers = true, ...narrowing } = scope;
  const bindings = state.bindings();
  const ids = idsToRead(desired, bindings, narrowing.targets);
  const live = await readLiveGroups(connection, ids.planned, {
    reads: readsOfConfig(desired, bindings, narrowing.targets),
    ...(progress ? { progress } : {}),
  });
  // Kept bindings matter only when something may be created: then a renamed key shows by owner and name.
  const mayCreate = ids.unbound.length > 0 || [...live.values()].some((g) => g === null);
  if (mayCreate && ids.kept.length > 0) {
    for (const [id, group] of await readLiveGroups(connection, ids.kept, { reads: () => READ_DETAILS })) live.set(id, group);
  }
  let plan = timeCpu(() => makePlan({ desired, bindings, live, ...narrowing }));

  const wanted = wantedByCreates(plan);
  if (wanted.length > 0) {
    const candidates = await findCandidates(connection.service, wanted, new Set([...bindings.values()].map((b) => b.id)));
    if (candidates.length > 0) {
      const unread = candidates.map((c) => c.id).filter((id) => !live.has(id));
      for (const [id, group] of await readLiveGroups(connection, unread)) live.set(id, group);
      plan = timeCpu(() => makePlan({ desired, bindings, live, ...narrowing, candidates }));
    }
  }

  if (checkUsers) {
    const missing = await findMissingUsers(connection.service, usersToLookUp(plan, live.values()), connection.concurrency);
    plan = withMissingUsers(plan, desired, missing);
  }
  if (connection.stats().requests === 0) await proveAccess(connection);
  return { live, plan };
}

/** Owner and name of every create that has a name (a group without one cannot be matched). */
function wantedByCreates(plan: Plan): WantedGroup[] {
  const wanted: WantedGroup[] = [];
  for (const step of plan.steps) {
    if (step.action === 'create' && step.details.settings.name !== undefined) wanted.push({ owner: step.details.owner, name: step.details.settings.name });
  }
  return wanted;
}

/** The cheapest authenticated call (one group of the list): a wrong token fails here, not at apply. */
async function proveAccess(connection: Connection): Promise<void> {
  for await (const _ of connection.service.listGroups(1)) break;
}

/** Every user the configuration names, for the sandbox (see ConnectionOptions). */
export function usersOf(desired: DesiredState): string[] {
  const users = new Set<string>();
  for (const g of desired.groups.values()) {
    if (g.owner !== undefined) users.add(g.owner);
    for (const u of g.admins ?? []) users.add(u);
    for (const u of g.members ?? []) users.add(u);
  }
  return [...users];
}

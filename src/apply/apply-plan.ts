/**
 * Carries out a plan: guards first (nothing is changed when they refuse), then the
 * groups in parallel (p-limit), each group's steps in plan order. Per-group failures
 * land in the report; they are never thrown.
 */
import pLimit from 'p-limit';
import { type Plan, type Step } from '../plan/types.js';
import { createSaver } from './apply-state.js';
import { countResults } from './count-results.js';
import { applyBindingChanges, checkBindingChanges } from './binding-changes.js';
import { checkApplyGuards } from './guards.js';
import { ChosenIds } from './chosen-ids.js';
import { createLanes } from './create-lanes.js';
import { createOwnerGroups } from './intents.js';
import type { GroupContext } from './group-context.js';
import { INTERRUPTED, runGroup } from './run-group.js';
import {
  ApplyRefusedError,
  type ApplyHook,
  type ApplyOptions,
  type ApplyReport,
  type StepResult,
} from './types.js';
import { callsStillToMake, cutIntoUnits, type IndexedStep, type Unit } from './units.js';

/** Rejects with ApplyRefusedError when a guard refuses; otherwise resolves with the report. */
export async function applyPlan(plan: Plan, given: ApplyOptions): Promise<ApplyReport> {
  const options = withCurrentNames(given);
  const changes = plan.binding_changes ?? [];
  const guards = options.guardsChecked === true ? [] : checkApplyGuards(plan, options);
  const problems = [...guards, ...checkBindingChanges(changes, options.state)];
  if (problems.length > 0) throw new ApplyRefusedError(problems);

  const now = options.now ?? Date.now;
  const started = new Date(now()).toISOString();
  const save = createSaver(options.state);
  // Keys in plan.unmanaged are not in this configuration: their bindings stay as they are.
  const rebound = applyBindingChanges(changes, options.state);
  if (changes.length > 0) await save();

  const results = await runSteps(plan.steps, options, save, now);
  return {
    steps: results,
    summary: countResults(results),
    ok: results.every((r) => r.status === 'done'),
    started,
    finished: new Date(now()).toISOString(),
    unbound: rebound.unbound,
    ...(rebound.bound.length > 0 ? { bound: rebound.bound } : {}),
    ...(rebound.moved.length > 0 ? { moved: rebound.moved } : {}),
  };
}

/**
 * The groups in parallel, each group's steps in plan order; one result per step, in plan
 * order. Once `options.signal` aborts no group starts, and calls still in flight after
 * the grace time are abandoned (their steps say so).
 */
async function runSteps(steps: readonly Step[], options: ApplyOptions, save: () => Promise<void>, now: () => number): Promise<StepResult[]> {
  const emit = guardHook(options.onEvent);
  const shared = { service: options.service, state: options.state, save, now, ownerGroups: createOwnerGroups(options.service), createLane: createLanes(), planned: plannedIds(steps), ...chosenIdsOf(options), ...(options.rerun ? { rerun: options.rerun } : {}) };
  const results: StepResult[] = steps.map((step) => ({ ...step, status: 'skipped', note: 'not run' }));
  const inFlight = new Set<number>();
  const stopped = (): boolean => options.signal?.aborted === true;
  const limit = pLimit(Math.max(1, options.groupsAtOnce ?? 1));
  const work = Promise.all(
    longestFirst(groupSteps(steps)).map(({ key, items, units }) =>
      limit(async () => {
        if (stopped()) {
          for (const { index, step } of items) results[index] = { ...step, status: 'skipped', note: INTERRUPTED };
          return;
        }
        const ctx: GroupContext = { ...shared, key, id: items.find((i) => i.step.group_id !== undefined)?.step.group_id };
        const ok = await runGroup(ctx, units, {
          started: ({ index, step }) => {
            inFlight.add(index);
            emit({ kind: 'step-started', index, step });
          },
          finished: (index, result) => {
            inFlight.delete(index);
            results[index] = result;
            emit({ kind: 'step-finished', index, result });
          },
          stopped,
        });
        emit({ kind: 'group-finished', group: key, ok });
      }),
    ),
  );
  await untilSettledOrAbandoned(work, options.signal, options.graceMs ?? DEFAULT_GRACE_MS);
  for (const index of inFlight) {
    results[index] = { ...steps[index]!, status: 'skipped', note: 'abandoned in flight when the apply was interrupted: it may or may not have taken effect; plan again' };
  }
  return results;
}

/** The view's hook, made harmless: a broken view must not stop changes half-way. */
function guardHook(hook: ApplyHook | undefined): ApplyHook {
  return (event) => {
    try {
      hook?.(event);
    } catch {
      // Progress is for show.
    }
  };
}

/** Ids the plan acts on, by key: a create answer naming one of them is another key's group. */
function plannedIds(steps: readonly Step[]): Map<string, string> {
  const planned = new Map<string, string>();
  for (const step of steps) if (step.group_id !== undefined) planned.set(step.group_id, step.group);
  return planned;
}

/** How long an interrupted apply waits for the calls in flight before it abandons them. */
const DEFAULT_GRACE_MS = 10_000;

/**
 * Waits for the work; once `signal` aborts, at most `graceMs` more. Abandoning is safe: a
 * create's intent is already durable, so the next run finds the group or creates it once.
 */
async function untilSettledOrAbandoned(work: Promise<unknown>, signal: AbortSignal | undefined, graceMs: number): Promise<void> {
  if (!signal) {
    await work;
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const abandoned = new Promise<void>((resolve) => {
    onAbort = () => {
      timer = setTimeout(resolve, graceMs);
      timer.unref?.();
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([work, abandoned]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/** Steps by group key, groups in order of first appearance, steps in plan order. */
function groupSteps(steps: readonly Step[]): Map<string, IndexedStep[]> {
  const groups = new Map<string, IndexedStep[]>();
  steps.forEach((step, index) => {
    const list = groups.get(step.group) ?? [];
    list.push({ index, step });
    groups.set(step.group, list);
  });
  return groups;
}

/**
 * Groups in order of how many calls their steps take in a row, most first (ties in plan
 * order). A group's steps run one after another, so at a high round trip a long chain
 * started last would run alone at the end; started first, it overlaps everything else
 * (longest-processing-time scheduling). A create counts its owner's group pages and its
 * read-back too. Once started, each call of a chain waits ahead of shorter chains' (run-group.ts).
 */
function longestFirst(groups: Map<string, IndexedStep[]>): Array<{ key: string; items: IndexedStep[]; units: Unit[] }> {
  const cut = [...groups].map(([key, items]) => {
    const units = cutIntoUnits(items);
    return { key, items, units, calls: callsStillToMake(units)[0] ?? 0 };
  });
  return cut.sort((a, b) => b.calls - a.calls);
}

/**
 * The options under their current names: `concurrency` and `maxRemovals` are the names
 * of 0.1 (CHANGELOG), still read so an embedding program keeps working for a release.
 */
function withCurrentNames(options: ApplyOptions): ApplyOptions {
  const { concurrency, maxRemovals, ...rest } = options;
  const groupsAtOnce = rest.groupsAtOnce ?? concurrency;
  if (groupsAtOnce === undefined) throw new TypeError('applyPlan: options.groupsAtOnce is required (groups worked on at once)');
  const limits = maxRemovals !== undefined && rest.limits?.removals === undefined ? { ...rest.limits, removals: maxRemovals } : rest.limits;
  return { ...rest, groupsAtOnce, ...(limits !== undefined ? { limits } : {}) };
}

/** A run with `idStrategy: chosen` shares one ChosenIds, so the app's verdict is learnt once. */
function chosenIdsOf(options: ApplyOptions): { chosenIds?: ChosenIds } {
  return options.idStrategy === 'chosen' ? { chosenIds: new ChosenIds() } : {};
}

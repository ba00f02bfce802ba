/**
 * Carries out a plan: guards first (nothing is changed when they refuse), then the
 * groups in parallel (p-limit), each group's steps in plan order. Per-group failures
 * land in the report; they are never thrown.
 */
import pLimit from 'p-limit';
import { ACTIONS, type Action, type Plan, type Step } from '../plan/types.js';
import { createSaver } from './apply-state.js';
import { checkApplyGuards } from './guards.js';
import { createOwnerGroups } from './intents.js';
import type { GroupContext } from './group-context.js';
import { runGroup } from './run-group.js';
import {
  ApplyRefusedError,
  type ActionCounts,
  type ApplyEvent,
  type ApplyOptions,
  type ApplyReport,
  type StepResult,
} from './types.js';
import type { IndexedStep } from './units.js';

/** Rejects with ApplyRefusedError when a guard refuses; otherwise resolves with the report. */
export async function applyPlan(plan: Plan, options: ApplyOptions): Promise<ApplyReport> {
  const problems = checkApplyGuards(plan, options);
  if (problems.length > 0) throw new ApplyRefusedError(problems);

  const now = options.now ?? Date.now;
  const started = new Date(now()).toISOString();
  const emit = (e: ApplyEvent): void => {
    try {
      options.onEvent?.(e);
    } catch {
      // Progress is for show; a broken renderer must not stop changes half-way.
    }
  };
  const save = createSaver(options.state);
  const ownerGroups = createOwnerGroups(options.service);
  // Ids the plan acts on for each key: a create answer naming one of them is another key's group.
  const planned = new Map<string, string>();
  for (const step of plan.steps) if (step.group_id !== undefined) planned.set(step.group_id, step.group);

  const unbound = plan.unmanaged.map((u) => u.group);
  if (unbound.length > 0) {
    for (const key of unbound) options.state.unbind(key);
    await save();
  }

  const results: StepResult[] = plan.steps.map((step) => ({ ...step, status: 'skipped', note: 'not run' }));
  const limit = pLimit(Math.max(1, options.concurrency));
  await Promise.all(
    [...groupSteps(plan.steps)].map(([key, items]) =>
      limit(async () => {
        const ctx: GroupContext = {
          key,
          id: items.find((i) => i.step.group_id !== undefined)?.step.group_id,
          service: options.service,
          state: options.state,
          save,
          now,
          ownerGroups,
          planned,
        };
        const ok = await runGroup(ctx, items, {
          started: ({ index, step }) => emit({ kind: 'step-started', index, step }),
          finished: (index, result) => {
            results[index] = result;
            emit({ kind: 'step-finished', index, result });
          },
        });
        emit({ kind: 'group-finished', group: key, ok });
      }),
    ),
  );

  return {
    steps: results,
    summary: summarise(results),
    ok: results.every((r) => r.status === 'done'),
    started,
    finished: new Date(now()).toISOString(),
    unbound,
  };
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

export function summarise(results: readonly StepResult[]): Record<Action, ActionCounts> {
  const summary = Object.fromEntries(ACTIONS.map((a) => [a, { done: 0, failed: 0, skipped: 0 }])) as Record<
    Action,
    ActionCounts
  >;
  for (const r of results) summary[r.action][r.status] += 1;
  return summary;
}

// The CLI imports the engine's whole surface from here.
export { checkApplyGuards, defaultMaxRemovals } from './guards.js';
export { resolveIntents, IntentConflictError } from './intents.js';
export { ApplyRefusedError } from './types.js';
export type { ApplyEvent, ApplyOptions, ApplyReport, StepResult } from './types.js';
export type { ApplyState, CreateIntent } from './apply-state.js';

/** The report's `summary`: done, failed and skipped steps counted per action. */
import { ACTIONS, type Action } from '../plan/types.js';
import type { ActionCounts, StepResult } from './types.js';

/** Done, failed and skipped results per action, every action present (the report's `summary`). */
export function countResults(results: readonly StepResult[]): Record<Action, ActionCounts> {
  const summary = Object.fromEntries(ACTIONS.map((a) => [a, { done: 0, failed: 0, skipped: 0 }])) as Record<
    Action,
    ActionCounts
  >;
  for (const r of results) summary[r.action][r.status] += 1;
  return summary;
}

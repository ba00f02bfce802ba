/** The plan's summary: how many steps each action has, the same wherever it is counted. */
import { ACTIONS, type Action, type Step } from './types.js';

/** Steps per action, every action present (zeros included), as the plan's `summary` holds them. */
export function countStepsByAction(steps: readonly Step[]): Record<Action, number> {
  const counts = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<Action, number>;
  for (const step of steps) counts[step.action] += 1;
  return counts;
}

/**
 * The plan's changes of the state file alone (bind, move, forget). They are checked
 * against the state as it is now before anything runs, and made before the first step:
 * a step of a moved key then finds its binding where the plan put it.
 */
import type { BindingChange } from '../plan/types.js';
import type { ApplyState } from './apply-state.js';

/** The keys whose bindings the plan's binding changes touched, for the report. */
export interface BindingOutcome {
  unbound: string[];
  bound: string[];
  moved: { from: string; to: string }[];
}

/** Changes the state no longer allows (it changed since the plan was made); empty when all fit. */
export function checkBindingChanges(changes: readonly BindingChange[], state: Pick<ApplyState, 'binding'>): string[] {
  const problems: string[] = [];
  const idOf = (key: string): string | undefined => state.binding(key)?.id;
  const describe = (key: string): string => (idOf(key) === undefined ? `${key} is not bound` : `${key} is bound to group ${idOf(key)}`);
  for (const c of changes) {
    const id = c.group_id;
    if (c.change === 'move') {
      const from = c.from ?? '';
      const toNow = idOf(c.group) ?? id;
      const fits = (idOf(from) === id && (toNow === id || toNow === c.replaces)) || (idOf(from) === undefined && idOf(c.group) === id);
      if (!fits) problems.push(`moved ${from} -> ${c.group} (group ${id}): now ${describe(from)} and ${describe(c.group)}; plan again`);
    } else if ((idOf(c.group) ?? id) !== id) {
      problems.push(`${c.change} ${c.group} (group ${id}): now ${describe(c.group)}; plan again`);
    }
  }
  return problems;
}

/** Makes the changes; each is durable when its state call returns (the journal). */
export function applyBindingChanges(changes: readonly BindingChange[], state: ApplyState): BindingOutcome {
  const outcome: BindingOutcome = { unbound: [], bound: [], moved: [] };
  for (const c of changes) {
    switch (c.change) {
      case 'move': {
        const from = c.from ?? '';
        const binding = state.binding(from);
        // One change: no moment, crash or not, holds both keys on one group.
        if (binding) state.move(from, c.group);
        else if (state.binding(c.group)?.id !== c.group_id) state.bind(c.group, { id: c.group_id });
        outcome.moved.push({ from, to: c.group });
        break;
      }
      case 'bind':
        if (state.binding(c.group)?.id !== c.group_id) state.bind(c.group, { id: c.group_id });
        outcome.bound.push(c.group);
        break;
      case 'forget':
        if (state.binding(c.group)) state.unbind(c.group);
        outcome.unbound.push(c.group);
        break;
    }
  }
  return outcome;
}

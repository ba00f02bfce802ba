/**
 * Which binding each key of the plan has, once `moved:` and `removed:` are taken into
 * account, and which bindings the configuration leaves alone. Bindings are never dropped
 * implicitly: a bound key the configuration does not declare keeps its binding.
 */
import type { Binding, DesiredGroup, DesiredState, LiveGroup, MovedKey } from '../model/group.js';
import { moveConflict } from './plan-errors.js';
import { targetMatcher } from './targets.js';
import type { BindingChange, PlanError } from './types.js';
import { compareText } from '../util/compare-text.js';
import { sorted } from './sets.js';

/** The keys a plan works on once `--target`, `moved:` and `removed:` are applied. */
export interface ResolvedKeys {
  /** Declared keys in scope, sorted. */
  groups: DesiredGroup[];
  /** The binding each key of `groups` plans with: its own, or the one a move hands it. */
  bindings: BindingLookup;
  /** Moves and forgets, sorted by key. */
  changes: BindingChange[];
  /** Bound keys in scope that are not declared, not moved away and not removed: kept as they are. */
  kept: string[];
  errors: PlanError[];
  /** Declared keys not to plan at all: their move is in conflict (see `errors`). */
  blocked: Set<string>;
  /** Every bound key is a key of `groups` (so no binding is kept or outside the plan). */
  everyBindingPlanned: boolean;
  /** `bindings.get(groups[i].key)`, without a second look-up in a map of every binding. */
  bindingAt(i: number): Binding | undefined;
}

/** A binding by key, for the keys of ResolvedKeys.groups. */
export type BindingLookup = Pick<ReadonlyMap<string, Binding>, 'get'>;

/**
 * `live`, when given, settles a move onto a key whose own group no longer exists (the move
 * wins); without it (before the live read) such a move counts as a conflict-free candidate.
 */
export function resolveKeys(
  desired: DesiredState,
  bindings: ReadonlyMap<string, Binding>,
  targets?: readonly string[],
  live?: ReadonlyMap<string, LiveGroup | null>,
): ResolvedKeys {
  const inScope = targetMatcher(targets);
  const groups = [...desired.groups.values()].filter((g) => inScope(g.key)).sort((a, b) => compareText(a.key, b.key));
  const own = groups.map((g) => bindings.get(g.key));
  let boundInGroups = 0;
  for (const binding of own) if (binding) boundInGroups++;
  // Only what a move hands over is kept apart: a million keys are not copied into a second map.
  const handedOver = new Map<string, Binding>();
  const changes: BindingChange[] = [];
  const errors: PlanError[] = [];
  const handled = new Set<string>();
  const blocked = new Set<string>();

  for (const move of desired.moved ?? []) {
    if (!inScope(move.to) && !inScope(move.from)) continue;
    handled.add(move.from);
    const outcome = resolveMove(move, bindings, desired.groups.get(move.to), live);
    if ('error' in outcome) {
      errors.push(outcome.error);
      blocked.add(move.to);
    } else if (outcome.binding) {
      handedOver.set(move.to, outcome.binding);
      const change: BindingChange = { change: 'move', group: move.to, from: move.from, group_id: outcome.binding.id, reason: 'moved: in config' };
      if (outcome.replaces !== undefined) change.replaces = outcome.replaces;
      changes.push(change);
    }
  }

  for (const { key } of desired.removed ?? []) {
    if (!inScope(key)) continue;
    handled.add(key);
    const bound = bindings.get(key);
    if (bound) changes.push({ change: 'forget', group: key, group_id: bound.id, reason: 'removed: in config; the live group is left as it is' });
  }

  const everyBindingPlanned = boundInGroups === bindings.size;
  const kept = everyBindingPlanned ? [] : sorted([...bindings.keys()].filter((key) => inScope(key) && !desired.groups.has(key) && !handled.has(key)));
  const lookup: BindingLookup = { get: (key) => handedOver.get(key) ?? bindings.get(key) };
  const bindingAt = (i: number): Binding | undefined => (handedOver.size === 0 ? own[i] : (handedOver.get(groups[i]!.key) ?? own[i]));
  return { groups, bindings: lookup, changes, kept, errors, blocked, everyBindingPlanned, bindingAt };
}

type MoveOutcome = { binding?: Binding; replaces?: string } | { error: PlanError };

/**
 * A move hands `from`'s binding to `to`. Already done (from unbound) or half done (both
 * bound to one group, after a crash between the two journal entries) is fine; two
 * different groups is a conflict a person must settle.
 */
function resolveMove(
  move: MovedKey,
  bindings: ReadonlyMap<string, Binding>,
  to: DesiredGroup | undefined,
  live: ReadonlyMap<string, LiveGroup | null> | undefined,
): MoveOutcome {
  const fromBinding = bindings.get(move.from);
  if (!fromBinding) return {};
  const ownBinding = bindings.get(move.to);
  // The new key's own group is gone: nothing to keep there, the moved group takes its place.
  const toBinding = ownBinding && live?.get(ownBinding.id) === null ? undefined : ownBinding;
  if (live === undefined && ownBinding && ownBinding.id !== fromBinding.id) return { binding: fromBinding };
  if (toBinding && toBinding.id !== fromBinding.id) {
    return { error: moveConflict(move, fromBinding.id, toBinding.id, 'is bound to group') };
  }
  if (to?.id !== undefined && to.id !== fromBinding.id) {
    return { error: moveConflict(move, fromBinding.id, to.id, 'has id:') };
  }
  const written = fromBinding.written || toBinding?.written ? { ...fromBinding.written, ...toBinding?.written } : undefined;
  const binding = written ? { id: fromBinding.id, written } : { id: fromBinding.id };
  return ownBinding && ownBinding.id !== fromBinding.id ? { binding, replaces: ownBinding.id } : { binding };
}

/** The live id a declared key plans with: `id:` first, else its (possibly moved) binding. */
export function plannedId(group: DesiredGroup, bindings: BindingLookup): string | undefined {
  return group.id ?? bindings.get(group.key)?.id;
}

/**
 * The live ids a plan needs: those of its keys, and those of the kept bindings (for `moved:`
 * suggestions). `resolved`: resolveKeys(desired, bindings, targets), made before the read.
 */
export function idsToRead(
  desired: DesiredState,
  bindings: ReadonlyMap<string, Binding>,
  resolved: ResolvedKeys,
): { planned: string[]; kept: string[]; unbound: DesiredGroup[] } {
  const planned = new Set<string>();
  const unbound: DesiredGroup[] = [];
  for (const group of resolved.groups) {
    const id = plannedId(group, resolved.bindings);
    if (id !== undefined) planned.add(id);
    else if (group.ensure === 'present') unbound.push(group);
  }
  // Both ends of a move are read: whether the new key's own group still exists decides it.
  const moves = desired.moved ?? [];
  const planning = moves.length > 0 ? new Set(resolved.groups.map((g) => g.key)) : undefined;
  for (const move of moves) {
    if (!planning!.has(move.to)) continue;
    for (const key of [move.from, move.to]) {
      const id = bindings.get(key)?.id;
      if (id !== undefined) planned.add(id);
    }
  }
  const kept = new Set<string>();
  for (const key of resolved.kept) {
    const id = bindings.get(key)!.id;
    if (!planned.has(id)) kept.add(id);
  }
  return { planned: [...planned], kept: [...kept], unbound };
}

/**
 * What `plan` would refuse that the configuration and the state file alone decide, so
 * `validate` (no network) says it first: a group to create without an owner, an `id:`
 * that disagrees with the key's binding, a `moved:` entry in conflict. The words are the
 * planner's own (guards.ts), so validate and plan never disagree.
 */
import type { Binding, DesiredState } from '../model/group.js';
import { idDisagrees, missingOwner } from './plan-errors.js';
import { resolveKeys } from './resolve-keys.js';
import type { PlanError } from './types.js';
import type { Rerun } from '../util/rerun.js';

/** Errors `makePlan` would give whatever the live groups are; empty when none. */
export function checkOffline(desired: DesiredState, bindings: ReadonlyMap<string, Binding>, rerun?: Rerun): PlanError[] {
  const resolved = resolveKeys(desired, bindings);
  const errors = [...resolved.errors];
  resolved.groups.forEach((group, i) => {
    if (resolved.blocked.has(group.key)) return;
    const binding = resolved.bindingAt(i);
    if (group.id !== undefined && binding !== undefined && binding.id !== group.id) errors.push(idDisagrees(group, group.id, binding.id, rerun));
    // Bound (by the state or by id:), a group may leave its owner out; unbound, it is created and needs one.
    else if (binding === undefined && group.id === undefined && group.owner === undefined && group.ensure === 'present') errors.push(missingOwner(group));
  });
  return errors;
}

/**
 * A create while a key outside the configuration is bound to a live group of the same owner
 * and name is most likely a renamed key whose `moved:` entry is not in this plan (another
 * file, or not written yet). Applying it would make a second group, so it is a plan error
 * naming the `moved:` entry to write, or the `removed:` entry that lets the old key go.
 */
import { ownerAndName, type LiveGroup } from '../model/group.js';
import type { PlanError, Step, Unmanaged } from './types.js';

/** One error per create that looks like a renamed key. */
export function renamedKeyErrors(steps: readonly Step[], kept: readonly Unmanaged[], live: ReadonlyMap<string, LiveGroup | null>): PlanError[] {
  if (kept.length === 0) return [];
  const byOwnerAndName = new Map<string, Unmanaged[]>();
  for (const entry of kept) {
    const group = live.get(entry.group_id);
    if (!group || group.settings.name === undefined) continue;
    const id = ownerAndName(group.owner, group.settings.name);
    byOwnerAndName.set(id, [...(byOwnerAndName.get(id) ?? []), entry]);
  }
  const errors: PlanError[] = [];
  for (const step of steps) {
    if (step.action !== 'create' || step.details.settings.name === undefined) continue;
    const { owner, settings } = step.details;
    for (const old of byOwnerAndName.get(ownerAndName(owner, settings.name!)) ?? []) {
      errors.push({
        group: step.group,
        message:
          `group ${step.group}: the plan creates a group "${settings.name}" owned by ${owner}, but key ${old.group} ` +
          `(not in this configuration) is bound to live group ${old.group_id} with the same owner and name: applying this would make a second one. ` +
          `If ${step.group} is ${old.group} renamed, add "moved: [{from: ${old.group}, to: ${step.group}}]" and plan again ` +
          `(if a moved: entry or ${old.group} is declared in another file, plan and apply that file too). ` +
          `To let ${old.group} go instead, add "removed: [${old.group}]": its binding is forgotten, the live group is left as it is, and the plan imports it for ${step.group}.`,
      });
    }
  }
  return errors;
}

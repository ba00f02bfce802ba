/**
 * A create while a key outside the configuration is bound to a live group of the same owner
 * and name is most likely a renamed key: the plan suggests the `moved:` entry that keeps
 * the group, instead of letting a second one appear unremarked.
 */
import type { LiveGroup } from '../model/group.js';
import type { PlanWarning, Step, Unmanaged } from './types.js';

/** One warning per create that looks like a renamed key, naming the `moved:` entry to add. */
export function suggestMoves(steps: readonly Step[], kept: readonly Unmanaged[], live: ReadonlyMap<string, LiveGroup | null>): PlanWarning[] {
  if (kept.length === 0) return [];
  const byOwnerAndName = new Map<string, Unmanaged[]>();
  for (const entry of kept) {
    const group = live.get(entry.group_id);
    if (!group || group.settings.name === undefined) continue;
    const id = identity(group.owner, group.settings.name);
    byOwnerAndName.set(id, [...(byOwnerAndName.get(id) ?? []), entry]);
  }
  const warnings: PlanWarning[] = [];
  for (const step of steps) {
    if (step.action !== 'create' || step.details.settings.name === undefined) continue;
    const { owner, settings } = step.details;
    for (const candidate of byOwnerAndName.get(identity(owner, settings.name!)) ?? []) {
      warnings.push({
        group: step.group,
        message:
          `group ${step.group}: the plan creates a group "${settings.name}" owned by ${owner}, and key ${candidate.group} ` +
          `(not in this configuration) is bound to live group ${candidate.group_id} with the same owner and name. ` +
          `If ${step.group} is ${candidate.group} renamed, add "moved: [{from: ${candidate.group}, to: ${step.group}}]" ` +
          'to the configuration and plan again: the key keeps its group and nothing is created.',
      });
    }
  }
  return warnings;
}

function identity(owner: string, name: string): string {
  return JSON.stringify([owner.toLowerCase(), name]);
}

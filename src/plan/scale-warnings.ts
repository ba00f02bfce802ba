/**
 * Warnings about what the service does differently for a large group (FACTS.md, `maxusers`
 * ceilings): over 3000 members a group has no offline push. They do not stop the plan.
 */
import type { DesiredGroup } from '../model/group.js';
import type { PlanWarning } from './types.js';
import { compareText } from '../util/compare-text.js';

/** FACTS.md: over 3000 a group has no offline push. */
export const OFFLINE_PUSH_MAX_USERS = 3000;

/** One warning per planned key whose `max_users` is over 3000, in key order. */
export function scaleWarnings(groups: readonly DesiredGroup[]): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  for (const group of groups) {
    const max = group.settings.max_users;
    if (max === undefined || max <= OFFLINE_PUSH_MAX_USERS) continue;
    warnings.push({
      group: group.key,
      message:
        `group ${group.key}: max_users ${max} is over ${OFFLINE_PUSH_MAX_USERS}: the service sends such a group no offline push (members who are offline get no notification), ` +
        "and whether a normal group accepts it depends on the app's edition (FACTS.md: 3000 ultimate, 8000 paid)",
    });
  }
  return warnings.sort((a, b) => compareText(a.group!, b.group!));
}

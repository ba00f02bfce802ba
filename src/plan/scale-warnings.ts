/**
 * Warnings about what the service does differently for a large group (FACTS.md, `maxusers`
 * ceilings and "create, extra fields"): over 3000 members a group has no offline push, and
 * `scale: large` makes a large group whose max_users defaults to 1000. They do not stop the plan.
 */
import type { DesiredGroup } from '../model/group.js';
import { LIMITS } from '../model/group.js';
import type { PlanWarning } from './types.js';
import { compareText } from '../util/compare-text.js';

/** FACTS.md: over 3000 a group has no offline push. */
export const OFFLINE_PUSH_MAX_USERS = 3000;

/**
 * One warning per planned key whose `max_users` is over 3000, and one per key this plan
 * creates with `scale: large` (`created`: the keys of the plan's creates; the field is sent
 * with the create only, so nothing changes for an existing group). In key order.
 */
export function scaleWarnings(groups: readonly DesiredGroup[], created: ReadonlySet<string> = new Set()): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  for (const group of groups) {
    const max = group.settings.max_users;
    if (max !== undefined && max > OFFLINE_PUSH_MAX_USERS) warnings.push(overPushLimit(group.key, max));
    if (group.scale === 'large' && created.has(group.key)) warnings.push(largeGroup(group.key, max));
  }
  return warnings.sort((a, b) => compareText(a.group!, b.group!));
}

function overPushLimit(key: string, max: number): PlanWarning {
  return {
    group: key,
    message:
      `group ${key}: max_users ${max} is over ${OFFLINE_PUSH_MAX_USERS}: the service sends such a group no offline push (members who are offline get no notification), ` +
      "and whether a normal group accepts it depends on the app's edition (FACTS.md: 3000 ultimate, 8000 paid)",
  };
}

function largeGroup(key: string, max: number | undefined): PlanWarning {
  const limit = max === undefined ? `max_users is left out, so it becomes ${LIMITS.defaultMaxUsersLarge} (a large group's default, not ${LIMITS.defaultMaxUsers})` : `max_users ${max}`;
  return {
    group: key,
    message:
      `group ${key}: scale: large creates a large group (for more than ${OFFLINE_PUSH_MAX_USERS} members): it gets no offline push (members who are offline get no notification), ${limit}, ` +
      'and groupctl sends scale only with the create (no read shows it). Whether this app offers large groups is not documented (FACTS.md "create, extra fields"): an app that does not may refuse or ignore it',
  };
}

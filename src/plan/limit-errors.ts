/**
 * Plan errors from `limits:` (the app's edition quotas as the config states them): what the
 * service would refuse half-way through apply (FACTS.md "Limits": 403 exceed_limit "has
 * create too many groups!", "has joined too many groups!", a `maxusers` over the plan's
 * ceiling), refused before the first call instead. Without `limits:` nothing here refuses.
 */
import type { DesiredState, EditionLimit, EditionLimitName } from '../model/group.js';
import type { Plan, PlanError } from './types.js';

/** What the CLI counted live for the limits that need it; a count left out is not checked. */
export interface LiveCounts {
  /** Every group of the app (one pass over the group list). */
  appGroups?: number;
  /** By lowercased owner of a create: the groups that user belongs to now. */
  userGroups?: ReadonlyMap<string, number>;
}

/** `limits.max_users: 3000 in groupctl.yaml line 2`: where the number comes from. */
function stated(name: EditionLimitName, limit: EditionLimit): string {
  return `limits.${name}: ${limit.value} in ${limit.source.file} line ${limit.source.line}`;
}

/** The plan with one located error for each thing its steps would take past a stated limit. */
export function withLimitErrors(plan: Plan, desired: DesiredState, counts: LiveCounts = {}): Plan {
  const limits = desired.limits;
  if (limits === undefined) return plan;
  const errors: PlanError[] = [...maxUsersErrors(plan, desired, limits.max_users), ...appErrors(plan, limits.groups_per_app, counts.appGroups), ...userErrors(plan, limits.groups_per_user, counts.userGroups)];
  return errors.length > 0 ? { ...plan, errors: [...plan.errors, ...errors] } : plan;
}

/** Each planned group whose max_users is over the edition's ceiling (create or update alike: the service refuses both). */
function maxUsersErrors(plan: Plan, desired: DesiredState, limit: EditionLimit | undefined): PlanError[] {
  if (limit === undefined) return [];
  const planned = new Set(plan.steps.map((s) => s.group));
  const errors: PlanError[] = [];
  for (const group of desired.groups.values()) {
    const max = group.settings.max_users;
    if (max === undefined || max <= limit.value || !planned.has(group.key)) continue;
    const { file, line, col } = group.source;
    errors.push({ group: group.key, message: `group ${group.key}: max_users ${max} is over ${stated('max_users', limit)}; lower max_users or fix the limit (${file}:${line}:${col})` });
  }
  return errors;
}

function createsOf(plan: Plan): { group: string; owner: string }[] {
  const creates: { group: string; owner: string }[] = [];
  for (const step of plan.steps) if (step.action === 'create') creates.push({ group: step.group, owner: step.details.owner });
  return creates;
}

/** The creates past groups_per_app: the app's groups + creates - dismisses over the limit; the last creates (key order) are named. */
function appErrors(plan: Plan, limit: EditionLimit | undefined, appGroups: number | undefined): PlanError[] {
  const creates = createsOf(plan);
  if (limit === undefined || appGroups === undefined || creates.length === 0) return [];
  const dismisses = plan.steps.filter((s) => s.action === 'dismiss').length;
  const after = appGroups + creates.length - dismisses;
  if (after <= limit.value) return [];
  const room = Math.max(0, creates.length - (after - limit.value));
  return creates.slice(room).map(({ group }) => ({
    group,
    message: `group ${group}: creating it would make ${after} groups in the app (${appGroups} live + ${creates.length} created - ${dismisses} dismissed), over ${stated('groups_per_app', limit)}; check the app's edition quota, or dismiss groups first`,
  }));
}

/** The creates whose owner would belong to more groups than groups_per_user (the owner's other creates in this plan counted too). */
function userErrors(plan: Plan, limit: EditionLimit | undefined, userGroups: ReadonlyMap<string, number> | undefined): PlanError[] {
  if (limit === undefined || userGroups === undefined) return [];
  const taken = new Map<string, number>();
  const errors: PlanError[] = [];
  for (const { group, owner } of createsOf(plan)) {
    const user = owner.toLowerCase();
    const now = userGroups.get(user);
    if (now === undefined) continue;
    const count = (taken.get(user) ?? now) + 1;
    taken.set(user, count);
    if (count <= limit.value) continue;
    errors.push({ group, message: `group ${group}: its owner ${owner} belongs to ${now} groups; with this plan's creates that is ${count}, over ${stated('groups_per_user', limit)}; check the user's groups and the app's edition quota` });
  }
  return errors;
}

/**
 * The versioned plan JSON of CONTRACT.md "Plan": the Plan's own fields, keys in one
 * stable order so saved plans diff cleanly, and `"risky": true` on risky steps, `"notable": true` on mute-all (output
 * only: the Plan type has no such field and apply never reads it).
 */
import { ACTIONS, isNotable, isRisky, type Plan } from '../plan/types.js';
import { SETTING_NAMES } from '../model/group.js';
import { compareText } from '../util/compare-text.js';

/**
 * Keys that come first, in this order, wherever they appear; other keys (group ids in
 * `fingerprints`, for one) follow in code-unit order.
 */
const KEY_ORDER: readonly string[] = [
  // plan
  'format_version',
  'steps',
  'summary',
  'binding_changes',
  'unmanaged',
  'errors',
  'warnings',
  'guards',
  'targets',
  'creates',
  'fingerprints',
  'live_members',
  'bound_groups',
  'state_bindings',
  'lineage',
  'app',
  'serial',
  'digest',
  // step, binding change, unmanaged entry, error, warning
  'change',
  'group',
  'from',
  'group_id',
  'replaces',
  'action',
  'risky',
  'notable',
  'details',
  'reason',
  'guard',
  'message',
  // guards, and a guard's count
  'removals',
  'recreates',
  'forgets',
  'count',
  'limit',
  // details
  'owner',
  'name',
  'settings',
  'members',
  'changes',
  'to',
  'user',
  ...SETTING_NAMES,
  ...ACTIONS,
];
const RANK = new Map(KEY_ORDER.map((key, i) => [key, i]));

/** The plan as pretty-printed JSON, ending with a newline. */
export function renderJson(plan: Plan): string {
  const output = {
    ...plan,
    steps: plan.steps.map((step) => (isRisky(step.action) ? { ...step, risky: true } : isNotable(step.action) ? { ...step, notable: true } : step)),
  };
  return `${JSON.stringify(orderKeys(output), null, 2)}\n`;
}

// The keys sorted on their own, not as entries (about half the time for a plan of 10,000 groups, issue 23).
function orderKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(orderKeys);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length > 1) keys.sort(compareKeys);
  return Object.fromEntries(keys.map((key) => [key, orderKeys(record[key])]));
}

function compareKeys(a: string, b: string): number {
  const ra = RANK.get(a) ?? KEY_ORDER.length;
  const rb = RANK.get(b) ?? KEY_ORDER.length;
  return ra - rb || compareText(a, b);
}

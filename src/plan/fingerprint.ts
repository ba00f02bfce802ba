/**
 * Fingerprints of the live state a plan was made from, so `apply --plan` can refuse when a
 * group it touches changed since (CONTRACT.md "Plan").
 */
import { createHash } from 'node:crypto';
import type { LiveGroup } from '../model/group.js';
import type { Plan } from './types.js';
import { compareText, sorted } from './sets.js';

/** JSON with object keys sorted and undefined fields dropped, so equal states hash equal. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => compareText(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** sha256 (hex) of the group's canonical JSON; admins and members count as sets. A missing group has a fingerprint too. */
export function fingerprintGroup(group: LiveGroup | null): string {
  const canonical = group === null ? null : { ...group, admins: sorted(group.admins), members: sorted(group.members) };
  return createHash('sha256').update(canonicalJson(canonical)).digest('hex');
}

/** The plan with `fingerprints` for every group id its steps touch, sorted by id. */
export function withFingerprints(plan: Plan, live: ReadonlyMap<string, LiveGroup | null>): Plan {
  const ids = sorted(new Set(plan.steps.flatMap((s) => (s.group_id === undefined ? [] : [s.group_id]))));
  const fingerprints: Record<string, string> = {};
  for (const id of ids) fingerprints[id] = fingerprintGroup(live.get(id) ?? null);
  return { ...plan, fingerprints };
}

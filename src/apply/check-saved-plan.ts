/**
 * `apply --plan FILE` acts on a plan made earlier; it must refuse when the groups that
 * plan touches changed since, or when a key it creates got bound meanwhile.
 */
import type { Binding, LiveGroup } from '../model/group.js';
import type { Plan } from '../plan/types.js';

/**
 * A saved plan belongs to the state file it was made from (its lineage) at one moment
 * (its serial). A plan without a lineage was made before that file had one: it fits only
 * a file whose bindings have not changed since (same serial). Undefined when it fits.
 */
export function checkPlanState(
  plan: Pick<Plan, 'lineage' | 'serial'>,
  state: { path: string; lineage: string | undefined; serial: number },
): string | undefined {
  if (plan.lineage !== undefined && plan.lineage !== state.lineage) {
    return (
      `it was made from another state file (lineage ${plan.lineage}); ${state.path} has ` +
      `${state.lineage === undefined ? 'no lineage yet (a new or older file)' : `lineage ${state.lineage}`}. ` +
      'Apply it with the config PATH or --state it was planned with, or make a new plan from this state file.'
    );
  }
  const serial = plan.serial ?? 0;
  // Serials only go up: a file behind the plan made from it lost changes since.
  if (plan.lineage !== undefined && serial > state.serial) {
    return (
      `it was made from serial ${serial} of ${state.path}, which is now at serial ${state.serial}: the state file went backwards ` +
      '(rolled back by a revert or a failed state push, or restored from an older copy), so bindings made since the plan may be missing from it. ' +
      'Do not apply old plans over it: restore the newest state file if you have it, then make a new plan (it finds the groups made since by owner and name and imports them).'
    );
  }
  if (serial !== state.serial) {
    return (
      `it was made from serial ${serial} of ${state.path}, which is now at serial ${state.serial}: ` +
      'its bindings changed since (another apply or import ran). Make a new plan and apply that.'
    );
  }
  return undefined;
}

/** Problems that make the saved plan stale; empty means it still fits the live state. */
export function checkSavedPlan(
  plan: Plan,
  fresh: ReadonlyMap<string, LiveGroup | null>,
  bindings: ReadonlyMap<string, Binding>,
  fingerprint: (g: LiveGroup | null) => string,
): string[] {
  const problems: string[] = [];
  const fingerprints = plan.fingerprints ?? {};
  const keyOf = new Map<string, string>();
  for (const s of plan.steps) if (s.group_id !== undefined && !keyOf.has(s.group_id)) keyOf.set(s.group_id, s.group);
  const name = (id: string): string => (keyOf.has(id) ? `${keyOf.get(id)} (${id})` : `group ${id}`);

  for (const id of [...new Set([...keyOf.keys(), ...Object.keys(fingerprints)])].sort()) {
    // Own entries only: an id spelt `constructor` must not find Object's constructor.
    const planned = Object.hasOwn(fingerprints, id) ? fingerprints[id] : undefined;
    if (planned === undefined) {
      problems.push(`${name(id)}: the plan holds no fingerprint of it`);
    } else if (!fresh.has(id)) {
      problems.push(`${name(id)}: its live state was not read`);
    } else if (fingerprint(fresh.get(id) ?? null) !== planned) {
      problems.push(
        fresh.get(id) === null ? `${name(id)} no longer exists` : `${name(id)} changed since the plan was made`,
      );
    }
  }

  const creates = new Set(plan.creates ?? []);
  // A recreate may find the key still bound to the group it replaces, which no longer exists.
  const replaces = new Map<string, string>();
  for (const s of plan.steps) {
    if (s.action !== 'create') continue;
    creates.add(s.group);
    if (s.details.replaces !== undefined) replaces.set(s.group, s.details.replaces);
  }
  for (const key of [...creates].sort()) {
    const bound = bindings.get(key);
    if (bound && bound.id !== replaces.get(key)) problems.push(`${key}: the plan creates it, but it is now bound to group ${bound.id}`);
  }
  for (const s of plan.steps) {
    const bound = s.action === 'import' ? bindings.get(s.group) : undefined;
    if (bound && bound.id !== s.group_id) problems.push(`${s.group}: the plan imports group ${s.group_id}, but it is now bound to group ${bound.id}`);
  }
  return problems;
}

/** Tiny builders for plans and steps, so each test reads as its scenario. */
import { ACTIONS, PLAN_FORMAT_VERSION, type Action, type Plan, type Step } from '../../src/plan/types.js';
import type { Settings } from '../../src/model/group.js';

export function planOf(steps: Step[], extra: Partial<Plan> = {}): Plan {
  const summary = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<Action, number>;
  for (const s of steps) summary[s.action] += 1;
  return { format_version: PLAN_FORMAT_VERSION, steps, summary, unmanaged: [], binding_changes: [], warnings: [], guards: { removals: { count: 0, limit: 10 }, recreates: { count: 0, limit: 3 }, forgets: { count: 0, limit: 3 } }, errors: [], live_members: 0, bound_groups: 0, state_bindings: 0, ...extra };
}

/** Steps of one group: `on('eng', '228001').addMember('dave')`. Without an id, steps follow a create. */
export function on(group: string, id?: string) {
  const base = id === undefined ? { group } : { group, group_id: id };
  const user = <A extends 'add-member' | 'remove-member' | 'add-admin' | 'remove-admin'>(action: A) =>
    (u: string): Step => ({ ...base, action, details: { user: u } }) as Step;
  return {
    create: (owner: string, settings: Settings = {}, members: string[] = []): Step => ({
      group,
      action: 'create',
      details: { owner, settings: { public: false, ...settings }, members },
    }),
    update: (changes: Settings): Step => ({
      ...base,
      action: 'update',
      details: {
        changes: Object.fromEntries(Object.entries(changes).map(([k, to]) => [k, { from: null, to }])),
      },
    }),
    transfer: (from: string, to: string): Step => ({ ...base, action: 'transfer', details: { from, to } }),
    addMember: user('add-member'),
    removeMember: user('remove-member'),
    addAdmin: user('add-admin'),
    removeAdmin: user('remove-admin'),
    enable: (): Step => ({ ...base, action: 'enable', details: {} }),
    disable: (): Step => ({ ...base, action: 'disable', details: {} }),
    dismiss: (): Step => ({ ...base, action: 'dismiss', details: {} }),
  };
}

/** Tiny builders for plans in renderer tests. */
import { ACTIONS, PLAN_FORMAT_VERSION, type Action, type Plan, type Step, type UpdateDetails } from '../../src/plan/types.js';
import type { Settings } from '../../src/model/group.js';

export function makeTestPlan(steps: Step[], extra: Partial<Omit<Plan, 'steps' | 'summary'>> = {}): Plan {
  const summary = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<Action, number>;
  for (const s of steps) summary[s.action] += 1;
  return { format_version: PLAN_FORMAT_VERSION, steps, summary, unmanaged: [], binding_changes: [], warnings: [], guards: { removals: { count: 0, limit: 10 }, recreates: { count: 0, limit: 3 }, forgets: { count: 0, limit: 3 } }, errors: [], live_members: 0, bound_groups: 0, state_bindings: 0, ...extra };
}

function target(group: string, id?: string): { group: string; group_id?: string } {
  return id === undefined ? { group } : { group, group_id: id };
}

function withReason<S extends Step>(s: S, reason?: string): S {
  return reason === undefined ? s : { ...s, reason };
}

type UserAction = 'add-member' | 'remove-member' | 'add-admin' | 'remove-admin' | 'add-allow' | 'remove-allow' | 'block' | 'unblock';

export const step = {
  create: (group: string, owner: string, settings: Settings, members: string[] = [], reason?: string): Step =>
    withReason({ group, action: 'create', details: { settings, owner, members } }, reason),
  update: (group: string, id: string, changes: UpdateDetails['changes'], reason?: string): Step =>
    withReason({ ...target(group, id), action: 'update', details: { changes } }, reason),
  transfer: (group: string, id: string, from: string, to: string, reason?: string): Step =>
    withReason({ ...target(group, id), action: 'transfer', details: { from, to } }, reason),
  user: (action: UserAction, group: string, id: string | undefined, user: string, reason?: string): Step =>
    withReason({ ...target(group, id), action, details: { user } }, reason),
  bare: (action: 'enable' | 'disable' | 'dismiss', group: string, id: string, reason?: string): Step =>
    withReason({ ...target(group, id), action, details: {} }, reason),
};

/** A plan touching most shapes: an update, a transfer, member and admin changes, a create, a dismissal. */
export function samplePlan(): Plan {
  return makeTestPlan(
    [
      step.update('eng-all', '228001', { max_users: { from: 200, to: 500 }, name: { from: 'Eng', to: 'Engineering' } }),
      step.transfer('eng-all', '228001', 'alice', 'bob', 'owner changed in config'),
      step.user('add-admin', 'eng-all', '228001', 'carol'),
      step.user('remove-member', 'eng-all', '228001', 'zed', 'not in config'),
      step.create('design', 'dana', { name: 'Design', public: true }, ['erin']),
      step.user('add-admin', 'design', undefined, 'erin'),
      step.bare('dismiss', 'old-team', '228003'),
    ],
    {
      unmanaged: [{ group: 'legacy', group_id: '228002' }],
      binding_changes: [
        { change: 'move', group: 'eng-all', from: 'eng-everyone', group_id: '228001', reason: 'moved: in config' },
        { change: 'forget', group: 'old-bot', group_id: '228004', reason: 'removed: in config' },
      ],
      live_members: 12,
    },
  );
}

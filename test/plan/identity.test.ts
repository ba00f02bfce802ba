/**
 * Keys and bindings in the planner (issue 9): a binding is never dropped implicitly,
 * `moved:` renames, `removed:` forgets, `id:` bindings are recorded, a bound group that is
 * gone is created again under a guard, and `--target` narrows the plan.
 */
import { describe, expect, it } from 'vitest';
import { desired, live, plan } from './builders.js';

const g100 = live('100', { settings: { name: 'Ops', max_users: 200 }, owner: 'carol', members: ['dave'] });

describe('bindings are never dropped implicitly', () => {
  it('a bound key left out of the configuration keeps its binding and is no change', () => {
    const p = plan({ groups: [desired('eng')], live: [g100], bindings: { ops: '100' } });
    expect(p.unmanaged).toEqual([{ group: 'ops', group_id: '100', reason: 'not in this configuration: binding kept, nothing planned' }]);
    expect(p.binding_changes).toEqual([]);
    expect(p.steps.filter((s) => s.group === 'ops')).toEqual([]);
  });

  it('removed: forgets a binding, visibly, and counts toward the forget guard', () => {
    const p = plan({ groups: [], live: [g100], bindings: { ops: '100' }, removed: ['ops'] });
    expect(p.unmanaged).toEqual([]);
    expect(p.binding_changes).toEqual([
      { change: 'forget', group: 'ops', group_id: '100', reason: 'removed: in config; the live group is left as it is' },
    ]);
    expect(p.guards.forgets).toEqual({ count: 1, limit: 3 });
    expect(p.errors).toEqual([]);
  });

  it('removed: of a key that is not bound changes nothing', () => {
    const p = plan({ groups: [], removed: ['ops'] });
    expect([p.binding_changes, p.unmanaged, p.errors]).toEqual([[], [], []]);
  });

  it('refuses forgetting more bindings than the forget guard allows', () => {
    const bindings = Object.fromEntries(['a', 'b', 'c', 'd'].map((k, i) => [k, String(i + 1)]));
    const p = plan({ groups: [], bindings, removed: ['a', 'b', 'c', 'd'] });
    expect(p.errors).toEqual([
      {
        guard: 'forgets',
        message: 'this plan forgets 4 bindings (removed:), more than --max-forget 3; check the removed: lists, then raise --max-forget',
      },
    ]);
    expect(plan({ groups: [], bindings, removed: ['a', 'b', 'c', 'd'], limits: { forgets: 4 } }).errors).toEqual([]);
  });
});

describe('moved: renames a key and keeps its group', () => {
  it('hands the old binding to the new key: no create, the group is planned against', () => {
    const p = plan({
      groups: [desired('operations', { owner: 'carol', settings: { name: 'Operations' } })],
      live: [g100],
      bindings: { ops: { id: '100', written: { invite_need_confirm: true } } },
      moved: [['ops', 'operations']],
    });
    expect(p.binding_changes).toEqual([{ change: 'move', group: 'operations', from: 'ops', group_id: '100', reason: 'moved: in config' }]);
    expect(p.steps.map((s) => [s.group, s.group_id, s.action])).toEqual([['operations', '100', 'update']]);
    expect(p.unmanaged).toEqual([]);
    expect(p.creates).toEqual([]);
  });

  it('is a no-op once applied (the old key is gone from the state file)', () => {
    const p = plan({ groups: [desired('operations', { owner: 'carol', settings: { name: 'Ops' } })], live: [g100], bindings: { operations: '100' }, moved: [['ops', 'operations']] });
    expect([p.steps, p.binding_changes, p.errors]).toEqual([[], [], []]);
  });

  it('finishes a move a crash left half done (both keys on one group)', () => {
    const p = plan({
      groups: [desired('operations', { owner: 'carol', settings: { name: 'Ops' } })],
      live: [g100],
      bindings: { operations: '100', ops: '100' },
      moved: [['ops', 'operations']],
    });
    expect(p.binding_changes).toEqual([{ change: 'move', group: 'operations', from: 'ops', group_id: '100', reason: 'moved: in config' }]);
    expect(p.errors).toEqual([]);
  });

  it('refuses when both keys are bound to different groups, and says how to settle it', () => {
    const p = plan({
      groups: [desired('operations', { owner: 'carol' })],
      live: [g100, live('200', { owner: 'carol' })],
      bindings: { operations: '200', ops: '100' },
      moved: [['ops', 'operations']],
    });
    expect(p.errors).toEqual([
      {
        group: 'operations',
        message:
          'moved ops -> operations: ops is bound to group 100, but operations is bound to group 200. ' +
          'One key, one group: remove the moved entry, or forget ops with "removed: [ops]" (groups/test.yaml:9:3)',
      },
    ]);
    expect(p.binding_changes).toEqual([]);
  });
});

describe('id: bindings', () => {
  it('records an id: binding that the state file does not hold yet', () => {
    const p = plan({ groups: [desired('ops', { id: '100', owner: 'carol', settings: { name: 'Ops' } })], live: [g100] });
    expect(p.steps).toEqual([]);
    expect(p.binding_changes).toEqual([{ change: 'bind', group: 'ops', group_id: '100', reason: 'id: in config' }]);
  });

  it('needs nothing once recorded, so removing the id: line later changes nothing either', () => {
    const withId = plan({ groups: [desired('ops', { id: '100', owner: 'carol', settings: { name: 'Ops' } })], live: [g100], bindings: { ops: '100' } });
    const without = plan({ groups: [desired('ops', { owner: 'carol', settings: { name: 'Ops' } })], live: [g100], bindings: { ops: '100' } });
    expect([withId.steps, withId.binding_changes]).toEqual([[], []]);
    expect([without.steps, without.binding_changes, without.creates]).toEqual([[], [], []]);
  });

  it('refuses an id: of a group another key outside the configuration is bound to, suggesting moved: or removed:', () => {
    const p = plan({ groups: [desired('operations', { id: '100', owner: 'carol' })], live: [g100], bindings: { ops: '100' } });
    expect(p.errors.map((e) => e.message)).toEqual([
      'group operations: group 100 is already bound to key ops, which this configuration does not declare. ' +
        'If operations is ops renamed, add "moved: [{from: ops, to: operations}]"; if ops should be forgotten, add "removed: [ops]" (groups/test.yaml:1:1)',
    ]);
  });
});

describe('a bound group that no longer exists live', () => {
  it('is created again, replacing the binding', () => {
    const p = plan({ groups: [desired('ops', { owner: 'carol' })], missing: ['100'], bindings: { ops: '100' } });
    expect(p.steps[0]).toMatchObject({ group: 'ops', action: 'create', details: { owner: 'carol', replaces: '100' } });
    expect(p.errors).toEqual([]);
  });

  it('refuses recreating more than max(3, 10% of the bound groups), naming a wrong base URL', () => {
    const keys = ['a', 'b', 'c', 'd'];
    const scenario = { groups: keys.map((k) => desired(k)), missing: ['1', '2', '3', '4'], bindings: Object.fromEntries(keys.map((k, i) => [k, String(i + 1)])) };
    const p = plan(scenario);
    expect(p.guards.recreates).toEqual({ count: 4, limit: 3 });
    expect(p.errors).toHaveLength(1);
    expect(p.errors[0]).toMatchObject({ guard: 'recreates', message: expect.stringContaining('A wrong base URL or app looks exactly like this') });
    expect(plan({ ...scenario, limits: { recreates: null } }).errors).toEqual([]);
  });
});

describe('--target', () => {
  const scenario = {
    groups: [desired('eng-a', { settings: { name: 'A' } }), desired('eng-b', { settings: { name: 'B' } }), desired('ops')],
    live: [live('1', { settings: { name: 'old' } }), g100],
    bindings: { 'eng-a': '1', ops: '100', legacy: '7' },
  };

  it('plans only the keys that match, and lists nothing else', () => {
    const p = plan({ ...scenario, targets: ['eng-*'] });
    expect([...new Set(p.steps.map((s) => s.group))]).toEqual(['eng-a', 'eng-b']);
    expect(p.unmanaged).toEqual([]);
    expect(p.targets).toEqual(['eng-*']);
  });

  it('lists a targeted key that is only in the state file as kept', () => {
    const p = plan({ ...scenario, targets: ['legacy'] });
    expect(p.steps).toEqual([]);
    expect(p.unmanaged.map((u) => u.group)).toEqual(['legacy']);
  });

  it('is an error when a pattern matches no key', () => {
    expect(plan({ ...scenario, targets: ['nope*'] }).errors).toEqual([{ message: '--target nope* matches no key of the configuration or the state file' }]);
  });
});

describe('a create that looks like a renamed key is a plan error', () => {
  it('names the unconfigured binding, its live group, the moved: entry and the removed: alternative', () => {
    const p = plan({ groups: [desired('operations', { owner: 'carol', settings: { name: 'Ops' } })], live: [g100], bindings: { ops: '100' } });
    expect(p.steps[0]?.action).toBe('create');
    expect(p.warnings).toEqual([]);
    expect(p.errors).toEqual([
      {
        group: 'operations',
        message:
          'group operations: the plan creates a group "Ops" owned by carol, but key ops (not in this configuration) is bound to live group 100 ' +
          'with the same owner and name: applying this would make a second one. If operations is ops renamed, add "moved: [{from: ops, to: operations}]" ' +
          'and plan again (if a moved: entry or ops is declared in another file, plan and apply that file too). To let ops go instead, add "removed: [ops]": ' +
          'its binding is forgotten, the live group is left as it is, and the plan imports it for operations.',
      },
    ]);
  });

  it('matches owners case-insensitively and says nothing when the name differs', () => {
    const shouted = plan({ groups: [desired('operations', { owner: 'CAROL', settings: { name: 'Ops' } })], live: [g100], bindings: { ops: '100' }, rawUsers: true });
    expect(shouted.errors.map((e) => e.group)).toEqual(['operations']);
    const p = plan({ groups: [desired('operations', { owner: 'carol', settings: { name: 'Operations' } })], live: [g100], bindings: { ops: '100' } });
    expect(p.errors).toEqual([]);
  });
});

describe('a move onto a key whose own group is gone', () => {
  it('takes the moved group, replacing the dead binding, instead of recreating', () => {
    const p = plan({
      groups: [desired('operations', { owner: 'carol', settings: { name: 'Ops' } })],
      live: [g100],
      missing: ['200'],
      bindings: { operations: '200', ops: '100' },
      moved: [['ops', 'operations']],
    });
    expect(p.errors).toEqual([]);
    expect(p.steps).toEqual([]);
    expect(p.binding_changes).toEqual([
      { change: 'move', group: 'operations', from: 'ops', group_id: '100', replaces: '200', reason: 'moved: in config' },
    ]);
  });
});

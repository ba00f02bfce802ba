import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/plan/types.js';
import { brief, briefs, desired, live, plan, type Scenario } from './builders.js';

const users = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);

interface Case {
  name: string;
  scenario: Scenario;
  steps: string[];
}

const existing = (fields: Parameters<typeof live>[1] = {}) => live('100', fields);
const bound = { g: '100' };

const cases: Case[] = [
  {
    name: 'a group already as declared needs no steps',
    scenario: {
      groups: [desired('g', { settings: { name: 'G' }, admins: ['bob'], members: ['carol'] })],
      live: [existing({ admins: ['bob'], members: ['bob', 'carol'] })],
      bindings: bound,
    },
    steps: [],
  },
  {
    name: 'create a new group with its owner and members in one call, then its admins',
    scenario: { groups: [desired('g', { settings: { name: 'G', public: true }, admins: ['bob'], members: ['carol'] })] },
    steps: ['g create owner=alice members=bob,carol', 'g add-admin bob'],
  },
  {
    name: 'a new group that must be disabled is disabled after it is built',
    scenario: { groups: [desired('g', { disabled: true })] },
    steps: ['g create owner=alice members=', 'g disable'],
  },
  {
    name: 'change only the managed settings that differ',
    scenario: {
      groups: [desired('g', { settings: { name: 'New', public: true, custom: 'x' } })],
      live: [existing({ settings: { name: 'Old', public: true, custom: 'y', description: 'kept' } })],
      bindings: bound,
    },
    steps: ['g update name:"Old"->"New" custom:"y"->"x"'],
  },
  {
    name: 'promote a member to owner: the old owner stays a member when membership is not managed',
    scenario: { groups: [desired('g', { owner: 'bob' })], live: [existing({ members: ['bob'] })], bindings: bound },
    steps: ['g transfer alice->bob'],
  },
  {
    name: 'promote an admin to owner: demoted first so both readings of the transfer end the same',
    scenario: {
      groups: [desired('g', { owner: 'bob', admins: [] })],
      live: [existing({ admins: ['bob'], members: ['bob'] })],
      bindings: bound,
    },
    steps: ['g remove-admin bob', 'g transfer alice->bob'],
  },
  {
    name: 'hand the group to a non-member: added, then made owner',
    scenario: { groups: [desired('g', { owner: 'bob' })], live: [existing()], bindings: bound },
    steps: ['g add-member bob', 'g transfer alice->bob'],
  },
  {
    name: 'the old owner leaves only after the transfer',
    scenario: {
      groups: [desired('g', { owner: 'bob', members: [] })],
      live: [existing({ members: ['bob', 'carol'] })],
      bindings: bound,
    },
    steps: ['g remove-member carol', 'g transfer alice->bob', 'g remove-member alice'],
  },
  {
    name: 'the old owner becomes an admin after the transfer',
    scenario: { groups: [desired('g', { owner: 'bob', admins: ['alice'] })], live: [existing({ members: ['bob'] })], bindings: bound },
    steps: ['g transfer alice->bob', 'g add-admin alice'],
  },
  {
    name: 'admins are demoted and removed before new admins are added',
    scenario: {
      groups: [desired('g', { admins: ['dave'], members: ['bob'] })],
      live: [existing({ admins: ['bob', 'carol'], members: ['bob', 'carol'] })],
      bindings: bound,
    },
    steps: ['g remove-admin bob', 'g remove-member carol', 'g add-member dave', 'g add-admin dave'],
  },
  {
    name: 'members left out: nobody is removed, but the owner-to-be and the admins join',
    scenario: {
      groups: [desired('g', { owner: 'bob', admins: ['carol'] })],
      live: [existing({ members: ['zed'] })],
      bindings: bound,
    },
    steps: ['g add-member bob', 'g add-member carol', 'g transfer alice->bob', 'g add-admin carol'],
  },
  {
    name: 'admins left out: live admins stay admins and stay members',
    scenario: {
      groups: [desired('g', { members: ['dave'] })],
      live: [existing({ admins: ['bob'], members: ['bob', 'carol'] })],
      bindings: bound,
    },
    steps: ['g remove-member carol', 'g add-member dave'],
  },
  {
    name: 'a disabled group that must stay disabled gets enable, the changes, disable',
    scenario: {
      groups: [desired('g', { settings: { name: 'New' }, disabled: true })],
      live: [existing({ disabled: true })],
      bindings: bound,
    },
    steps: ['g enable', 'g update name:"G"->"New"', 'g disable'],
  },
  {
    name: 'a disabled group with nothing to change is left alone',
    scenario: { groups: [desired('g', { disabled: true })], live: [existing({ disabled: true })], bindings: bound },
    steps: [],
  },
  {
    name: 'disabled left out on a disabled group that needs changes: back to disabled after them',
    scenario: { groups: [desired('g', { members: ['bob'] })], live: [existing({ disabled: true })], bindings: bound },
    steps: ['g enable', 'g add-member bob', 'g disable'],
  },
  {
    name: 'disabled: false enables the group before anything else',
    scenario: { groups: [desired('g', { disabled: false, members: ['bob'] })], live: [existing({ disabled: true })], bindings: bound },
    steps: ['g enable', 'g add-member bob'],
  },
  {
    name: 'max_users raised before the additions',
    scenario: {
      groups: [desired('g', { settings: { max_users: 4 }, members: ['b', 'c', 'd'] })],
      live: [existing({ settings: { max_users: 2 }, members: ['b'] })],
      bindings: bound,
    },
    steps: ['g update max_users:2->4', 'g add-member c', 'g add-member d'],
  },
  {
    name: 'max_users lowered only after the removals',
    scenario: {
      groups: [desired('g', { settings: { max_users: 2, name: 'N' }, members: ['b'] })],
      live: [existing({ settings: { max_users: 5, name: 'G' }, members: ['b', 'c', 'd'] })],
      bindings: bound,
    },
    steps: ['g update name:"G"->"N"', 'g remove-member c', 'g remove-member d', 'g update max_users:5->2'],
  },
  {
    name: 'a full group whose old owner leaves is raised for the moment and lowered back',
    scenario: {
      groups: [desired('g', { owner: 'd', members: ['b', 'c'] })],
      live: [existing({ settings: { max_users: 3 }, members: ['b', 'c'] })],
      bindings: bound,
    },
    steps: ['g update max_users:3->4', 'g add-member d', 'g transfer alice->d', 'g remove-member alice', 'g update max_users:4->3'],
  },
  {
    name: 'a bound group that no longer exists is created anew',
    scenario: { groups: [desired('g')], missing: ['100'], bindings: bound },
    steps: ['g create owner=alice members='],
  },
  {
    name: 'ensure: dismissed dismisses the live group in one step',
    scenario: {
      groups: [desired('g', { ensure: 'dismissed', members: ['x'], settings: { name: 'Y' } })],
      live: [existing({ disabled: true })],
      bindings: bound,
    },
    steps: ['g dismiss owner=alice'],
  },
  {
    name: 'steps are sorted by group key, each group in its own order',
    scenario: { groups: [desired('b', { disabled: true }), desired('a', { admins: ['x'] })] },
    steps: ['a create owner=alice members=x', 'a add-admin x', 'b create owner=alice members=', 'b disable'],
  },
];

describe('makePlan', () => {
  it.each(cases)('$name', ({ scenario, steps }) => {
    const p = plan(scenario);
    expect(p.errors).toEqual([]);
    expect(briefs(p)).toEqual(steps);
  });

  it('puts the first 60 members in the create and adds the rest one by one', () => {
    const members = users('u', 70);
    const p = plan({ groups: [desired('g', { members, admins: ['u069'] })] });
    const [create, ...rest] = p.steps;
    expect(create).toMatchObject({ action: 'create', details: { members: members.slice(0, 60) } });
    expect(rest.map(brief)).toEqual([...members.slice(60).map((u) => `g add-member ${u}`), 'g add-admin u069']);
    expect(p.steps.every((s) => s.group_id === undefined)).toBe(true);
  });

  it('steps of an existing group carry its id; a new group has none until apply', () => {
    const p = plan({ groups: [desired('old', { members: ['b'] }), desired('new')], live: [live('7')], bindings: { old: '7' } });
    expect(p.steps.map((s) => [s.group, s.group_id])).toEqual([
      ['new', undefined],
      ['old', '7'],
    ]);
    expect(p.creates).toEqual(['new']);
  });

  it('a config id that disagrees with the binding is a located error that says how to fix it', () => {
    const p = plan({ groups: [desired('g', { id: '8', members: ['b'] })], live: [live('8'), live('7')], bindings: { g: '7' } });
    expect(p.steps).toEqual([]);
    expect(p.errors).toEqual([
      {
        group: 'g',
        message:
          'group g: id: 8 disagrees with the state file, which binds g to group 7. If 7 is right, set id: "7" or remove the id: line; ' +
          'if 8 is right, rebind the key with "npx groupctl import g 8" (groups/test.yaml:1:1)',
      },
    ]);
  });

  it('plans the bound-but-gone group as a create that replaces the binding, and says why', () => {
    const p = plan({ groups: [desired('g', { settings: { public: true } })], missing: ['100'], bindings: bound });
    expect(p.steps[0]).toMatchObject({ action: 'create', details: { replaces: '100' } });
    expect(p.steps[0]?.reason).toBe('bound group 100 no longer exists: created again, and the key rebound');
    expect(p.guards.recreates).toEqual({ count: 1, limit: 3 });
  });

  it('creates a private group when config leaves public out, since the create call needs a value', () => {
    const p = plan({ groups: [desired('g', { settings: { name: 'G' } })] });
    expect(p.steps[0]).toMatchObject({ details: { settings: { name: 'G', public: false } }, reason: expect.stringMatching(/public: false/) });
  });

  it('explains the enable and disable around changes to a group that stays disabled', () => {
    const p = plan({ groups: [desired('g', { members: ['bob'], disabled: true })], live: [existing({ disabled: true })], bindings: bound });
    expect(p.steps[0]?.reason).toMatch(/disabled again after the changes/);
    expect(p.steps.at(-1)?.reason).toMatch(/stay disabled/);
  });

  it('explains a temporary max_users raise on both updates', () => {
    const p = plan({
      groups: [desired('g', { owner: 'd', members: ['b'] })],
      live: [existing({ settings: { max_users: 2 }, members: ['b'] })],
      bindings: bound,
    });
    const updates = p.steps.filter((s) => s.action === 'update');
    expect(updates).toHaveLength(2);
    expect(updates[0]?.reason).toMatch(/for now/);
    expect(updates[1]?.reason).toMatch(/temporary/);
  });

  it('an owner also listed among the admins is just the owner', () => {
    const p = plan({ groups: [desired('g', { owner: 'bob', admins: ['bob', 'carol'] })], live: [existing({ members: ['bob', 'carol'] })], bindings: bound });
    expect(briefs(p)).toEqual(['g transfer alice->bob', 'g add-admin carol']);
  });

  it('leaves a setting out of the update when it is left out of config', () => {
    const p = plan({ groups: [desired('g', { settings: {} })], live: [existing({ settings: { name: 'X', max_users: 9 } })], bindings: bound });
    expect(p.steps).toEqual([]);
  });
});

describe('invite_need_confirm, which the API does not show', () => {
  const group = desired('g', { settings: { invite_need_confirm: false } });
  it.each([
    { name: 'unknown: set it, from null, and say why', written: undefined, steps: ['g update invite_need_confirm:null->false'] },
    { name: 'as groupctl last wrote it: nothing to do', written: { invite_need_confirm: false }, steps: [] },
    { name: 'last written otherwise: change it from that', written: { invite_need_confirm: true }, steps: ['g update invite_need_confirm:true->false'] },
  ])('$name', ({ written, steps }) => {
    const p = plan({ groups: [group], live: [existing()], bindings: { g: written ? { id: '100', written } : { id: '100' } } });
    expect(briefs(p)).toEqual(steps);
    if (written === undefined) expect(p.steps[0]?.reason).toMatch(/not shown by the API/);
  });

  it('trusts the live value when the server does show it', () => {
    const p = plan({
      groups: [group],
      live: [existing({ settings: { name: 'G', max_users: 200, invite_need_confirm: false } })],
      bindings: { g: { id: '100', written: { invite_need_confirm: true } } },
    });
    expect(p.steps).toEqual([]);
  });
});

describe('guards', () => {
  const cases = [
    {
      name: 'a config id that does not exist',
      scenario: { groups: [desired('g', { id: '42' })], missing: ['42'] },
      message: 'group g: id 42 does not exist',
    },
    {
      name: 'more members than max_users in config',
      scenario: { groups: [desired('g', { settings: { max_users: 2 }, members: ['b', 'c'] })] },
      message: 'group g: 3 members (owner included) do not fit max_users 2',
    },
    {
      name: 'more members than the live max_users when config leaves it out',
      scenario: { groups: [desired('g', { members: ['b', 'c'] })], live: [existing({ settings: { max_users: 2 } })], bindings: bound },
      message: 'group g: 3 members (owner included) do not fit max_users 2',
    },
    {
      name: 'more members than the default max_users of a create',
      scenario: { groups: [desired('g', { members: users('u', 200) })] },
      message: 'group g: 201 members (owner included) do not fit max_users 200',
    },
    {
      name: 'more than 99 admins',
      scenario: { groups: [desired('g', { admins: users('a', 100), settings: { max_users: 500 } })] },
      message: 'group g: 100 admins exceed the limit of 99',
    },
    {
      name: 'no owner for a create',
      scenario: { groups: [desired('g', { owner: undefined })] },
      message: 'group g: an owner is required to create the group',
    },
    {
      name: 'dismissing a protected group',
      scenario: { groups: [desired('g', { ensure: 'dismissed', protect: true })], live: [existing()], bindings: bound },
      message: 'group g: ensure: dismissed on a group with protect: true; refusing to dismiss',
    },
    {
      name: 'two keys bound to one group',
      scenario: { groups: [desired('a', { id: '100' }), desired('b')], live: [existing()], bindings: { b: '100' } },
      message: 'group b: id 100 is also bound to group a',
    },
    {
      name: 'a resolved id whose live state was not read',
      scenario: { groups: [desired('g')], bindings: bound },
      message: 'group g: the live state of id 100 was not read',
    },
  ];
  it.each(cases)('refuses $name', ({ scenario, message }) => {
    const p = plan(scenario as Scenario);
    expect(p.errors).toHaveLength(1);
    expect(p.errors[0]?.message).toContain(message);
    expect(p.errors[0]?.message).toContain('groups/test.yaml:1:1');
  });

  it('collects the errors of every group instead of stopping at the first', () => {
    const p = plan({ groups: [desired('a', { owner: undefined }), desired('b', { id: '9' })], missing: ['9'] });
    expect(p.errors.map((e) => e.group)).toEqual(['a', 'b']);
  });

  it('still returns the steps of a plan with errors, for review', () => {
    const p = plan({ groups: [desired('g', { settings: { max_users: 2 }, members: ['b', 'c'] })] });
    expect(p.errors).toHaveLength(1);
    expect(p.steps.length).toBeGreaterThan(0);
  });
});

describe('bindings without a group to manage', () => {
  it('lists a key gone from config as not in this configuration: kept, never dismissed, no change', () => {
    const p = plan({ groups: [], live: [existing()], bindings: { zeta: '2', g: '100' } });
    expect(p.steps).toEqual([]);
    expect(p.binding_changes).toEqual([]);
    expect(p.unmanaged).toEqual([
      { group: 'g', group_id: '100', reason: 'not in this configuration: binding kept, nothing planned' },
      { group: 'zeta', group_id: '2', reason: 'not in this configuration: binding kept, nothing planned' },
    ]);
  });

  it('forgets, visibly, the binding of a group to dismiss that is already gone', () => {
    const p = plan({ groups: [desired('g', { ensure: 'dismissed' })], missing: ['100'], bindings: bound });
    expect(p.steps).toEqual([]);
    expect(p.errors).toEqual([]);
    expect(p.unmanaged).toEqual([]);
    expect(p.binding_changes).toEqual([
      { change: 'forget', group: 'g', group_id: '100', reason: 'ensure: dismissed, and group 100 no longer exists' },
    ]);
  });

  it('does nothing for a never-created group marked dismissed', () => {
    const p = plan({ groups: [desired('g', { ensure: 'dismissed' })] });
    expect([p.steps, p.errors, p.unmanaged]).toEqual([[], [], []]);
  });
});

describe('the plan as data', () => {
  const scenario: Scenario = {
    groups: [
      desired('b', { owner: 'bob', admins: ['alice'], members: ['c'], settings: { invite_need_confirm: true, max_users: 3 } }),
      desired('a', { members: users('m', 61), settings: { max_users: 100 } }),
    ],
    live: [existing({ disabled: true, members: ['x', 'y'] }), live('5', { members: ['z'] })],
    bindings: { b: '100', old: '5' },
  };

  it('counts every action in the summary, zeros included, in ACTIONS order', () => {
    const p = plan(scenario);
    expect(Object.keys(p.summary)).toEqual([...ACTIONS]);
    for (const action of ACTIONS) expect(p.summary[action]).toBe(p.steps.filter((s) => s.action === action).length);
    expect(p.summary.dismiss).toBe(0);
  });

  it("sums live members (owner excluded) over the plan's own groups, not the kept bindings'", () => {
    expect(plan(scenario).live_members).toBe(2);
    expect(plan(scenario).bound_groups).toBe(1);
    expect(plan(scenario).state_bindings).toBe(2);
  });

  it('survives a JSON round trip unchanged', () => {
    const p = plan(scenario);
    expect(JSON.parse(JSON.stringify(p))).toStrictEqual(p);
  });

  it('is the same JSON for the same input, whatever the order of the maps', () => {
    const reversed = { ...scenario, groups: [...scenario.groups].reverse(), live: [...(scenario.live ?? [])].reverse() };
    expect(JSON.stringify(plan(reversed))).toBe(JSON.stringify(plan(scenario)));
  });
});

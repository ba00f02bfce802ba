/** Plain scenarios run end to end on the emulator's rules: plan, apply step by step, plan again. */
import { describe, expect, it } from 'vitest';
import { GroupStore } from '../../src/emulator/store.js';
import type { Binding, DesiredGroup } from '../../src/model/group.js';
import { makePlan } from '../../src/plan/make-plan.js';
import type { Plan } from '../../src/plan/types.js';
import { ALL_USERS, type GroupSeed } from './arbitraries.js';
import { briefs, desired } from './builders.js';
import { applyPlan, readLive, type World } from './simulate.js';
import { expectPlanMatchesSchema } from '../helpers/plan-schema.js';

interface Run {
  world: World;
  first: Plan;
  second: Plan;
}

function runOnStore(seed: Omit<GroupSeed, 'id'>, group: DesiredGroup, transferKeepsAdmin = false): Run {
  const store = GroupStore.fromData({ users: ALL_USERS, groups: [{ ...seed, id: '100' }] }, { transferKeepsAdmin });
  const world: World = { store, bindings: new Map<string, Binding>([[group.key, { id: '100' }]]), showsInviteConfirm: false };
  const state = { groups: new Map([[group.key, group]]), files: [] };
  const first = makePlan({ desired: state, bindings: world.bindings, live: readLive(world, state) });
  expectPlanMatchesSchema(first);
  applyPlan(world, first);
  const second = makePlan({ desired: state, bindings: world.bindings, live: readLive(world, state) });
  return { world, first, second };
}

const group = (world: World) => world.store.getGroup(world.bindings.get('g')!.id)!;

describe.each([false, true])('on the emulator (transferKeepsAdmin: %s)', (transferKeepsAdmin) => {
  it('promote a member to owner', () => {
    const { world, first, second } = runOnStore(
      { owner: 'u000', members: ['u001', 'u002'] },
      desired('g', { owner: 'u001' }),
      transferKeepsAdmin,
    );
    expect(briefs(first)).toEqual(['g transfer u000->u001']);
    expect(group(world)).toMatchObject({ owner: 'u001', admins: [] });
    expect([...group(world).members].sort()).toEqual(['u000', 'u002']);
    expect(second.steps).toEqual([]);
  });

  it('promote an admin to owner and make the old owner an admin', () => {
    const { world, first, second } = runOnStore(
      { owner: 'u000', members: ['u001'], admins: ['u001'] },
      desired('g', { owner: 'u001', admins: ['u000'] }),
      transferKeepsAdmin,
    );
    expect(briefs(first)).toEqual(['g remove-admin u001', 'g transfer u000->u001', 'g add-admin u000']);
    expect(group(world)).toMatchObject({ owner: 'u001', admins: ['u000'], members: ['u000'] });
    expect(second.steps).toEqual([]);
  });

  it('a disabled group that must stay disabled gets enable, the changes, disable', () => {
    const { world, first, second } = runOnStore(
      { owner: 'u000', members: ['u001'], disabled: true, groupname: 'Old' },
      desired('g', { owner: 'u000', settings: { name: 'New' }, members: [], disabled: true }),
      transferKeepsAdmin,
    );
    expect(briefs(first)).toEqual(['g enable', 'g update name:"Old"->"New"', 'g remove-member u001', 'g disable']);
    expect(group(world)).toMatchObject({ groupname: 'New', members: [], disabled: true });
    expect(second.steps).toEqual([]);
  });

  it('a full group handed to an outsider whose old owner leaves', () => {
    const { world, first, second } = runOnStore(
      { owner: 'u000', members: ['u001'], maxusers: 2 },
      desired('g', { owner: 'u002', members: ['u001'] }),
      transferKeepsAdmin,
    );
    expect(briefs(first)).toEqual([
      'g update max_users:2->3',
      'g add-member u002',
      'g transfer u000->u002',
      'g remove-member u000',
      'g update max_users:3->2',
    ]);
    expect(group(world)).toMatchObject({ owner: 'u002', members: ['u001'], maxusers: 2 });
    expect(second.steps).toEqual([]);
  });

  it('ensure: dismissed dismisses a disabled group in one step and drops its binding', () => {
    const { world, first, second } = runOnStore(
      { owner: 'u000', members: ['u001'], disabled: true },
      desired('g', { owner: 'u000', ensure: 'dismissed', members: ['u005'] }),
      transferKeepsAdmin,
    );
    expect(briefs(first)).toEqual(['g dismiss owner=u000']);
    expect(world.store.getGroup('100')).toBeUndefined();
    expect(world.bindings.has('g')).toBe(false);
    expect([second.steps, second.errors, second.unmanaged]).toEqual([[], [], []]);
  });

  it('invite_need_confirm is set once, then trusted from what groupctl wrote', () => {
    const { world, first, second } = runOnStore({ owner: 'u000', invite_need_confirm: true }, desired('g', { owner: 'u000', settings: { invite_need_confirm: false } }));
    expect(briefs(first)).toEqual(['g update invite_need_confirm:null->false']);
    expect(group(world).invite_need_confirm).toBe(false);
    expect(world.bindings.get('g')?.written).toEqual({ invite_need_confirm: false });
    expect(second.steps).toEqual([]);
  });
});

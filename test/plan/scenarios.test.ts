/**
 * Plain scenarios end to end below the CLI, under every dialect the client handles: the
 * emulator over HTTP, the real client, readLive, makePlan and applyPlan; plan, apply,
 * plan again. One emulator per scenario (they change state), started in this process.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan, type ApplyReport } from '../../src/apply/index.js';
import { parseBaseUrl } from '../../src/api/base-url.js';
import { createGroupService, type GroupServiceHandle } from '../../src/api/connect.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { GroupRecord } from '../../src/emulator/store.js';
import { readLive } from '../../src/live/read-live.js';
import type { Binding, DesiredGroup } from '../../src/model/group.js';
import { makePlan } from '../../src/plan/make-plan.js';
import type { Plan } from '../../src/plan/types.js';
import { MemoryState } from '../apply/memory-state.js';
import { dialectMatrix } from '../helpers/dialect-matrix.js';
import { expectPlanMatchesSchema } from '../helpers/plan-schema.js';
import { ALL_USERS, type GroupSeed } from './arbitraries.js';
import { briefs, desired } from './builders.js';

interface Run {
  first: Plan;
  report: ApplyReport;
  second: Plan;
  /** The group bound to `g` as the emulator holds it at the end (undefined: gone). */
  group: GroupRecord | undefined;
  binding: Binding | undefined;
}

const open: Array<{ emulator: RunningEmulator; handle: GroupServiceHandle }> = [];
afterEach(async () => {
  for (const { emulator, handle } of open.splice(0)) {
    await handle.close();
    await emulator.close();
  }
});

describe.each(dialectMatrix())('on the emulator over HTTP, dialect $dialect', ({ dialect }) => {
  /** `seed` is live as group 100, bound to `g` unless `bound` is false. */
  async function runOnEmulator(seed: Omit<GroupSeed, 'id'>, group: DesiredGroup, bound = true): Promise<Run> {
    const emulator = await startEmulator({ quiet: true, dialects: dialect, seed: { users: ALL_USERS, groups: [{ ...seed, id: '100' }] } });
    const handle = createGroupService({
      base: parseBaseUrl(emulator.baseUrls.easemob),
      credentials: { kind: 'token', token: 'emulator-token' },
      rateLimit: 10_000,
      concurrency: 4,
    });
    open.push({ emulator, handle });
    const state = new MemoryState(bound ? { [group.key]: { id: '100' } } : {});
    const desiredState = { groups: new Map([[group.key, group]]), files: [] };
    const planNow = async () => {
      const ids = [...state.bindings().values()].map((b) => b.id);
      const plan = makePlan({ desired: desiredState, bindings: state.bindings(), live: await readLive(handle.service, ids, { groupsAtOnce: 4 }) });
      expectPlanMatchesSchema(plan);
      return plan;
    };
    const first = await planNow();
    const report = await applyPlan(first, { service: handle.service, state, groupsAtOnce: 4, allowDismiss: true, limits: { removals: null } });
    const second = await planNow();
    const binding = state.binding(group.key);
    return { first, report, second, binding, group: binding === undefined ? undefined : emulator.store.getGroup(binding.id) };
  }

  const applied = (run: Run) => run.report.steps.map((s) => `${s.status}${s.error ? `: ${s.error}` : ''}`);

  it('promote a member to owner', async () => {
    const run = await runOnEmulator({ owner: 'u000', members: ['u001', 'u002'] }, desired('g', { owner: 'u001' }));
    expect(briefs(run.first)).toEqual(['g transfer u000->u001']);
    expect(applied(run)).toEqual(['done']);
    expect(run.group).toMatchObject({ owner: 'u001', admins: [] });
    expect([...run.group!.members].sort()).toEqual(['u000', 'u002']);
    expect(run.second.steps).toEqual([]);
  });

  it('promote an admin to owner and make the old owner an admin', async () => {
    const run = await runOnEmulator({ owner: 'u000', members: ['u001'], admins: ['u001'] }, desired('g', { owner: 'u001', admins: ['u000'] }));
    expect(briefs(run.first)).toEqual(['g remove-admin u001', 'g transfer u000->u001', 'g add-admin u000']);
    expect(applied(run)).toEqual(['done', 'done', 'done']);
    expect(run.group).toMatchObject({ owner: 'u001', admins: ['u000'], members: ['u000'] });
    expect(run.second.steps).toEqual([]);
  });

  it('a disabled group that must stay disabled gets enable, the changes, disable', async () => {
    const run = await runOnEmulator(
      { owner: 'u000', members: ['u001'], disabled: true, groupname: 'Old' },
      desired('g', { owner: 'u000', settings: { name: 'New' }, members: [], disabled: true }),
    );
    expect(briefs(run.first)).toEqual(['g enable', 'g update name:"Old"->"New"', 'g remove-member u001', 'g disable']);
    expect(applied(run)).toEqual(['done', 'done', 'done', 'done']);
    expect(run.group).toMatchObject({ groupname: 'New', members: [], disabled: true });
    expect(run.second.steps).toEqual([]);
  });

  it('a full group handed to an outsider whose old owner leaves', async () => {
    const run = await runOnEmulator({ owner: 'u000', members: ['u001'], maxusers: 2 }, desired('g', { owner: 'u002', members: ['u001'] }));
    expect(briefs(run.first)).toEqual([
      'g update max_users:2->3',
      'g add-member u002',
      'g transfer u000->u002',
      'g remove-member u000',
      'g update max_users:3->2',
    ]);
    expect(applied(run)).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(run.group).toMatchObject({ owner: 'u002', members: ['u001'], maxusers: 2 });
    expect(run.second.steps).toEqual([]);
  });

  it('ensure: dismissed dismisses a disabled group in one step and drops its binding', async () => {
    const run = await runOnEmulator({ owner: 'u000', members: ['u001'], disabled: true }, desired('g', { owner: 'u000', ensure: 'dismissed', members: ['u005'] }));
    expect(briefs(run.first)).toEqual(['g dismiss owner=u000']);
    expect(applied(run)).toEqual(['done']);
    expect(run.binding).toBeUndefined();
    expect([run.second.steps, run.second.errors, run.second.unmanaged]).toEqual([[], [], []]);
  });

  it('invite_need_confirm is set once, then trusted from what groupctl wrote', async () => {
    const run = await runOnEmulator({ owner: 'u000', invite_need_confirm: true }, desired('g', { owner: 'u000', settings: { invite_need_confirm: false } }));
    expect(briefs(run.first)).toEqual(['g update invite_need_confirm:null->false']);
    expect(run.group!.invite_need_confirm).toBe(false);
    expect(run.binding?.written).toEqual({ invite_need_confirm: false });
    expect(run.second.steps).toEqual([]);
  });

  it('a new group with members over one batch, description and join approval is created as declared', async () => {
    const members = ALL_USERS.filter((u) => u.startsWith('m')).slice(0, 70);
    const group = desired('g', { owner: 'u000', members, settings: { name: 'Big', description: 'about', members_only: true, public: true } });
    const run = await runOnEmulator({ owner: 'u006' }, group, false);
    expect(run.first.steps[0]).toMatchObject({ action: 'create' });
    expect(run.report.ok).toBe(true);
    expect(run.group).toMatchObject({ owner: 'u000', groupname: 'Big', description: 'about', membersonly: true, public: true });
    expect([...run.group!.members].sort()).toEqual(members);
    expect(run.second.steps).toEqual([]);
  });
});

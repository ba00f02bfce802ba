import { describe, expect, it } from 'vitest';
import { callPriority } from '../../src/api/priority.js';
import { ACTIONS } from '../../src/plan/types.js';
import { on, planOf } from './build-plan.js';
import { World } from './fixture.js';

describe('applyPlan: order, concurrency, batching, failures', () => {
  it("runs one group's steps in plan order", async () => {
    const w = new World();
    const id = w.group({ owner: 'alice', members: ['carol'] });
    const g = on('eng', id);
    const report = await w.apply(
      planOf([g.addMember('bob'), g.addAdmin('bob'), g.update({ description: 'All engineers' }), g.transfer('alice', 'bob')]),
    );

    expect(report.ok).toBe(true);
    expect(w.service.mutations().map((c) => c.kind)).toEqual(['addMembers', 'addAdmin', 'updateGroup', 'transferOwner']);
    expect(w.live(id)).toMatchObject({ owner: 'bob', description: 'All engineers' });
  });

  it.each([1, 2, 3])('works on no more than %i groups at once', async (concurrency) => {
    const w = new World();
    const steps = [];
    for (let i = 0; i < 6; i++) {
      const g = on(`team-${i}`, w.group({ owner: 'alice', members: ['bob', 'carol'] }));
      steps.push(g.addAdmin('bob'), g.addAdmin('carol'), g.update({ description: `team ${i}` }));
    }
    const report = await w.apply(planOf(steps), { groupsAtOnce: concurrency });

    expect(report.ok).toBe(true);
    expect(w.service.maxGroupsInFlight).toBe(concurrency);
  });

  it('starts the group with the longest run of calls first, so it does not run alone at the end', async () => {
    const w = new World();
    const short = on('a-short', w.group({ owner: 'alice', members: ['bob', 'carol'] }));
    const long = on('b-long', w.group({ owner: 'alice', members: ['bob', 'carol'] }));
    const middle = on('c-middle', w.group({ owner: 'alice', members: ['bob', 'carol'] }));
    const report = await w.apply(
      planOf([
        short.update({ description: 'short' }),
        long.addAdmin('bob'), long.addAdmin('carol'), long.update({ description: 'long' }),
        middle.addAdmin('bob'), middle.update({ description: 'middle' }),
      ]),
      { groupsAtOnce: 1 },
    );

    expect(report.ok).toBe(true);
    expect(w.service.mutations().map((c) => c.kind)).toEqual(['addAdmin', 'addAdmin', 'updateGroup', 'addAdmin', 'updateGroup', 'updateGroup']);
    expect(report.steps.map((s) => s.group)).toEqual(['a-short', 'b-long', 'b-long', 'b-long', 'c-middle', 'c-middle']);
  });

  it("gives each call the number of calls its group's chain still has to make, its own included", async () => {
    const w = new World();
    const chain = on('chain', w.group({ owner: 'alice', members: ['bob', 'carol'] }));
    const fresh = on('fresh');
    const seen: string[] = [];
    w.service.onCall = (call) => seen.push(`${call.kind} ${callPriority()}`);
    const report = await w.apply(
      planOf([chain.addAdmin('bob'), chain.addAdmin('carol'), chain.update({ description: 'x' }), fresh.create('alice', { name: 'Fresh' }, ['bob']), fresh.addAdmin('bob')]),
      { groupsAtOnce: 1 },
    );

    expect(report.steps.filter((r) => r.status !== 'done')).toEqual([]);
    // The create's chain: the owner's groups, the create and its read-back (3), then the admin (1).
    expect(seen).toEqual(['userGroups 4', 'createGroup 4', 'getGroups 4', 'addAdmin 1', 'addAdmin 3', 'addAdmin 2', 'updateGroup 1']);
  });

  it('adds 150 members in 3 calls of 60, 60 and 30', async () => {
    const users = Array.from({ length: 150 }, (_, i) => `u${String(i).padStart(3, '0')}`);
    const w = new World(['alice', ...users]);
    const id = w.group({ owner: 'alice', maxusers: 500 });
    const g = on('big', id);
    const report = await w.apply(planOf(users.map((u) => g.addMember(u))));

    expect(report.ok).toBe(true);
    const calls = w.service.mutations();
    expect(calls.map((c) => c.kind)).toEqual(['addMembers', 'addMembers', 'addMembers']);
    expect(calls.map((c) => (c.args[0] as string[]).length)).toEqual([60, 60, 30]);
    expect(w.live(id)?.members).toHaveLength(150);
    expect(report.summary['add-member']).toEqual({ done: 150, failed: 0, skipped: 0 });
  });

  it('a remove batch naming the owner (refused as a whole, FACTS.md "wordings") goes again without the owner; the owner\'s step fails', async () => {
    const w = new World();
    const id = w.group({ owner: 'alice', members: ['dave', 'erin'] });
    const g = on('eng', id);
    const report = await w.apply(planOf([g.removeMember('dave'), g.removeMember('alice'), g.removeMember('erin'), g.addAdmin('frank')]));

    expect(w.service.mutations().map((c) => [c.kind, c.args[0]])).toEqual([['removeMembers', ['dave', 'alice', 'erin']], ['removeMembers', ['dave', 'erin']]]);
    expect(w.live(id)?.members).toEqual([]);
    expect(report.steps.map((s) => s.status)).toEqual(['done', 'failed', 'done', 'skipped']);
    expect(report.steps[1]?.error).toContain('forbidden operation on group owner!');
    expect(report.steps[3]?.note).toBe('skipped: remove-member alice failed');
  });

  it('a failed step skips the rest of its group, and only its group', async () => {
    const w = new World();
    const broken = on('broken', w.group({ owner: 'alice' }));
    const fine = on('fine', w.group({ owner: 'alice', members: ['bob'] }));
    const report = await w.apply(
      planOf([broken.addAdmin('ghost'), broken.addMember('dave'), broken.update({ description: 'x' }), fine.addAdmin('bob')]),
    );

    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => [s.group, s.status])).toEqual([
      ['broken', 'failed'],
      ['broken', 'skipped'],
      ['broken', 'skipped'],
      ['fine', 'done'],
    ]);
    expect(report.steps[0]?.error).toMatch(/^404 resource_not_found: user: ghost doesn't exist in group: /);
    expect(report.steps[1]?.note).toBe('skipped: add-admin ghost failed');
    expect(report.summary['add-admin']).toEqual({ done: 1, failed: 1, skipped: 0 });
    expect(w.service.mutations().filter((c) => c.kind !== 'addAdmin')).toEqual([]);
  });

  it('tells progress about every step and every group, and survives a throwing listener', async () => {
    const w = new World();
    const a = on('a', w.group({ owner: 'alice', members: ['bob'] }));
    const b = on('b', w.group({ owner: 'alice' }));
    const seen: string[] = [];
    const report = await w.apply(planOf([a.addAdmin('bob'), b.addAdmin('ghost'), b.enable()]), {
      onEvent: (e) => {
        seen.push(e.kind === 'group-finished' ? `${e.kind} ${e.group} ${e.ok}` : `${e.kind} ${e.index}`);
        throw new Error('broken renderer');
      },
    });

    expect(report.steps).toHaveLength(3);
    expect(seen.filter((s) => s.startsWith('step-finished')).sort()).toEqual(['step-finished 0', 'step-finished 1', 'step-finished 2']);
    expect(seen.filter((s) => s.startsWith('step-started')).sort()).toEqual(['step-started 0', 'step-started 1']);
    expect(seen.filter((s) => s.startsWith('group-finished')).sort()).toEqual(['group-finished a true', 'group-finished b false']);
  });

  it('keeps the bindings of keys not in this configuration, and makes the binding changes with no API call', async () => {
    const w = new World();
    w.bind({
      old: { id: '228000000000999' },
      kept: { id: '228000000000998' },
      'eng-everyone': { id: '228000000000997', written: { invite_need_confirm: true } },
      gone: { id: '228000000000996' },
    });
    const report = await w.apply(
      planOf([], {
        unmanaged: [{ group: 'old', group_id: '228000000000999' }],
        binding_changes: [
          { change: 'bind', group: 'adopted', group_id: '228000000000995' },
          { change: 'move', group: 'eng-all', from: 'eng-everyone', group_id: '228000000000997' },
          { change: 'forget', group: 'gone', group_id: '228000000000996' },
        ],
      }),
    );

    expect(report).toMatchObject({ ok: true, unbound: ['gone'], bound: ['adopted'], moved: [{ from: 'eng-everyone', to: 'eng-all' }] });
    expect(w.service.calls).toEqual([]);
    expect(w.state.saved.bindings).toEqual({
      adopted: { id: '228000000000995' },
      'eng-all': { id: '228000000000997', written: { invite_need_confirm: true } },
      kept: { id: '228000000000998' },
      old: { id: '228000000000999' },
    });
  });

  it('refuses, before any change, binding changes the state no longer allows', async () => {
    const w = new World();
    w.bind({ 'eng-all': { id: '228000000000001' } });
    const plan = planOf([on('x', '228000000000002').addMember('dave')], {
      binding_changes: [{ change: 'move', group: 'eng-all', from: 'eng-everyone', group_id: '228000000000997' }],
    });
    await expect(w.apply(plan)).rejects.toMatchObject({
      problems: ['moved eng-everyone -> eng-all (group 228000000000997): now eng-everyone is not bound and eng-all is bound to group 228000000000001; plan again'],
    });
    expect(w.service.calls).toEqual([]);
  });

  it('fills in report times from the clock and counts every action', async () => {
    const w = new World();
    const report = await w.apply(planOf([]));
    expect(report.started).toBe(new Date(w.clock).toISOString());
    expect(Object.keys(report.summary)).toHaveLength(ACTIONS.length);
    expect(report.summary.dismiss).toEqual({ done: 0, failed: 0, skipped: 0 });
  });
});

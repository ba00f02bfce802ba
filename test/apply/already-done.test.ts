import { describe, expect, it } from 'vitest';
import type { Step } from '../../src/plan/types.js';
import { on, planOf } from './build-plan.js';
import { World } from './fixture.js';
import { serviceError, type CallKind } from './store-service.js';

/** A group where alice owns, bob is an admin, carol a plain member; dave is outside. */
function seeded() {
  const w = new World();
  const id = w.group({ owner: 'alice', members: ['bob', 'carol'], admins: ['bob'] });
  return { w, id, g: on('eng', id) };
}

describe('"already done" answers count as done once a fresh read confirms them', () => {
  const cases: Array<{ name: string; step: (g: ReturnType<typeof on>) => Step; note: RegExp; fault?: CallKind }> = [
    { name: 'add a user who is already a member', step: (g) => g.addMember('carol'), note: /^carol is already a member/ },
    { name: 'add the owner as a member', step: (g) => g.addMember('alice'), note: /^alice is already a member/ },
    { name: 'remove a user who is not a member', step: (g) => g.removeMember('dave'), note: /^dave is already not a member.*doesn't exist in group/ },
    { name: 'promote a user who is already an admin', step: (g) => g.addAdmin('bob'), note: /^bob is already an admin.*already admin/ },
    { name: 'demote a user who is not an admin', step: (g) => g.removeAdmin('carol'), note: /^carol is already not an admin.*is not admin of group/ },
    { name: 'transfer to the current owner', step: (g) => g.transfer('erin', 'alice'), note: /^alice is already the owner/ },
    { name: 'enable a group that is already enabled', step: (g) => g.enable(), note: /^the group is already enabled/, fault: 'enable' },
  ];

  it.each(cases)('$name', async ({ step, note, fault }) => {
    const { w, id, g } = seeded();
    if (fault) w.service.inject({ kind: fault, error: serviceError(403, 'forbidden_op', `group ${id} is already so`) });
    const report = await w.apply(planOf([step(g), g.update({ description: 'next step runs' })]));

    expect(report.steps[0]).toMatchObject({ status: 'done' });
    expect(report.steps[0]?.note).toMatch(note);
    expect(report.steps[1]?.status).toBe('done');
  });

  it('disable a group that is already disabled', async () => {
    const { w, id, g } = seeded();
    w.service.store.disable(id);
    w.service.inject({ kind: 'disable', error: serviceError(403, 'forbidden_op', `group ${id} is disabled`) });
    const report = await w.apply(planOf([g.disable()]));
    expect(report.steps[0]).toMatchObject({ status: 'done', note: expect.stringMatching(/^the group is already disabled/) });
  });

  it('a step whose answer was lost after it took effect is done', async () => {
    const { w, g } = seeded();
    w.service.inject({ kind: 'addAdmin', when: 'after', error: serviceError(0, 'network', 'socket hang up') });
    const report = await w.apply(planOf([g.addAdmin('carol')]));
    expect(report.steps[0]).toMatchObject({ status: 'done', note: expect.stringContaining('no response network: socket hang up') });
  });

  it('never trusts the message alone: "already admin" with the read disagreeing fails', async () => {
    const { w, id, g } = seeded();
    w.service.inject({ kind: 'addAdmin', error: serviceError(403, 'forbidden_op', `user: carol is already admin of group: ${id}`) });
    const report = await w.apply(planOf([g.addAdmin('carol'), g.enable()]));
    expect(report.steps.map((s) => s.status)).toEqual(['failed', 'skipped']);
    expect(report.steps[0]?.error).toBe(`403 forbidden_op: user: carol is already admin of group: ${id}`);
  });

  it('a member batch confirms all refused names with one read', async () => {
    const { w, g } = seeded();
    const report = await w.apply(planOf([g.addMember('carol'), g.addMember('bob'), g.addMember('dave')]));
    expect(report.steps.map((s) => s.status)).toEqual(['done', 'done', 'done']);
    expect(w.service.calls.filter((c) => c.kind === 'getGroups')).toHaveLength(1);
    expect(report.steps[2]?.note).toBeUndefined();
  });

  it('a refused member batch fails the names the read does not confirm', async () => {
    const { w, g } = seeded();
    w.service.inject({ kind: 'addMembers', error: serviceError(403, 'exceed_limit', 'members size is greater than max user size !') });
    const report = await w.apply(planOf([g.addMember('carol'), g.addMember('dave')]));
    expect(report.steps.map((s) => [s.status, s.error])).toEqual([
      ['done', undefined],
      ['failed', '403 exceed_limit: members size is greater than max user size !'],
    ]);
  });
});

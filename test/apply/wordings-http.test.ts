/**
 * The doc sources' wordings (issue 21, FACTS.md "wordings") met by the real apply over
 * HTTP against the emulator, and what the client does with each: a user already in the
 * group is done once a fresh read confirms it (adds are idempotent); a full group is
 * refused in words that say so and what to do; a removal batch that names the owner is
 * refused as a whole, so the other names go again without the owner, whose step fails in
 * words that say why.
 */
import { afterEach, expect, it } from 'vitest';
import { parseBaseUrl } from '../../src/api/base-url.js';
import { createGroupService, type GroupServiceHandle } from '../../src/api/connect.js';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { Plan } from '../../src/plan/types.js';
import { on, planOf } from './build-plan.js';
import { MemoryState } from './memory-state.js';

let emulator: RunningEmulator | undefined;
let handle: GroupServiceHandle | undefined;
afterEach(async () => {
  await handle?.close();
  await emulator?.close();
});

const seed = {
  users: ['alice', 'bob', 'carol', 'dave', 'erin'],
  groups: [{ id: '500', groupname: 'Team', owner: 'alice', members: ['bob', 'carol'], maxusers: 4, public: false }],
};

async function applyOver(dialects: string, plan: Plan) {
  emulator = await startEmulator({ quiet: true, seed, dialects });
  handle = createGroupService({ base: parseBaseUrl(emulator.baseUrls.easemob), credentials: { kind: 'token', token: 'emulator-token' }, rateLimit: 100, concurrency: 2 });
  return applyPlan(plan, { service: handle.service, state: new MemoryState(), groupsAtOnce: 2, allowDismiss: false, limits: { removals: 100 } });
}

it.each(['docs', 'batch-add-403'])('a user already in the group is done once a fresh read shows it (%s)', async (dialect) => {
  const report = await applyOver(dialect, planOf([on('team', '500').addMember('bob')]));
  expect(report.steps.map((s) => s.status)).toEqual(['done']);
  if (dialect === 'batch-add-403') {
    expect(report.steps[0]?.note).toContain('bob is already a member (confirmed by a fresh read');
    expect(report.steps[0]?.note).toContain('can not join this group, reason:user: bob already in group: 500');
  }
});

it('a group that would pass its max_users fails in words that say so and what to do', async () => {
  const g = on('team', '500');
  const report = await applyOver('docs', planOf([g.addMember('dave'), g.addMember('erin')]));
  expect(report.steps.map((s) => s.status)).toEqual(['failed', 'failed']);
  expect(report.steps[0]?.error).toContain('the group would have more members than its max_users allows (raise max_users, or remove members first');
  expect(report.steps[0]?.error).toContain('members size is greater than max user size !');
});

it('a removal batch naming the owner goes again without the owner; the owner\'s step says why it failed', async () => {
  const g = on('team', '500');
  const report = await applyOver('docs', planOf([g.removeMember('bob'), g.removeMember('alice'), g.removeMember('carol')]));
  expect(report.steps.map((s) => s.status)).toEqual(['done', 'failed', 'done']);
  expect(report.steps[1]?.error).toContain("the group's owner cannot be removed (transfer the ownership first");
  expect(report.steps[1]?.error).toContain('forbidden operation on group owner!');
  expect(emulator!.store.getGroup('500')!.members).toEqual([]);
  expect(emulator!.counters()['remove-members']).toBe(2);
});

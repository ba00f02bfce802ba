/**
 * The emulator's allow-list and block-list calls (FACTS.md "Group features"): the paths,
 * one row per name, at most 60 names a call, members only, the owner never blocked,
 * blocking removes the member (and its admin role and allow-list entry), a blocked user
 * refused on add, and a disabled group refusing every change.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { call } from './helpers.js';

const running: RunningEmulator[] = [];
afterAll(async () => {
  await Promise.all(running.map((e) => e.close()));
});

async function emulator(): Promise<RunningEmulator> {
  const emu = await startEmulator({
    quiet: true,
    seed: {
      users: ['alice', 'bob', 'carol', 'dave', ...Array.from({ length: 61 }, (_, i) => `x${i}`)],
      groups: [
        { id: '300', owner: 'alice', members: ['bob', 'carol'], admins: ['bob'], public: false },
        { id: '301', owner: 'alice', members: ['bob'], disabled: true, public: false },
      ],
    },
  });
  running.push(emu);
  return emu;
}

describe('the allow list', () => {
  it('adds members (one row per name), refuses non-members in their row, lists and removes', async () => {
    const emu = await emulator();
    const added = await call(emu, 'POST', '/chatgroups/300/white/users', { body: { usernames: ['bob', 'dave'] } });
    expect(added.status).toBe(200);
    expect(added.json.data).toEqual([
      { result: true, groupid: '300', action: 'add_user_whitelist', user: 'bob' },
      { result: false, reason: "user: dave doesn't exist in group: 300", groupid: '300', action: 'add_user_whitelist', user: 'dave' },
    ]);
    const one = await call(emu, 'POST', '/chatgroups/300/white/users/carol');
    expect(one.json.data).toMatchObject({ result: true, user: 'carol' });
    expect((await call(emu, 'GET', '/chatgroups/300/white/users')).json.data.sort()).toEqual(['bob', 'carol']);
    const removed = await call(emu, 'DELETE', '/chatgroups/300/white/users/bob,carol');
    expect(removed.json.data.map((r: { result: boolean }) => r.result)).toEqual([true, true]);
    expect((await call(emu, 'GET', '/chatgroups/300/white/users')).json.data).toEqual([]);
  });

  it('refuses more than 60 names, and any change to a disabled group', async () => {
    const emu = await emulator();
    const many = await call(emu, 'POST', '/chatgroups/300/white/users', { body: { usernames: Array.from({ length: 61 }, (_, i) => `x${i}`) } });
    expect(many.status).toBe(400);
    expect(many.json.error_description).toContain('60');
    const disabled = await call(emu, 'POST', '/chatgroups/301/white/users', { body: { usernames: ['bob'] } });
    expect(disabled.status).toBe(403);
  });
});

describe('the block list', () => {
  it('blocks a member (removing it, its admin role and allow-list entry), never the owner nor a non-member', async () => {
    const emu = await emulator();
    await call(emu, 'POST', '/chatgroups/300/white/users', { body: { usernames: ['bob'] } });
    const blocked = await call(emu, 'POST', '/chatgroups/300/blocks/users', { body: { usernames: ['bob', 'alice', 'dave'] } });
    expect(blocked.json.data.map((r: { user: string; result: boolean; reason?: string }) => [r.user, r.result, r.reason])).toEqual([
      ['bob', true, undefined],
      ['alice', false, 'forbidden operation on group owner!'],
      ['dave', false, "user: dave doesn't exist in group: 300"],
    ]);
    expect(emu.store.getGroup('300')).toMatchObject({ members: ['carol'], admins: [], allow: [], blocks: ['bob'] });
    expect((await call(emu, 'GET', '/chatgroups/300/blocks/users')).json.data).toEqual(['bob']);
  });

  it('refuses to add a blocked user until unblocked', async () => {
    const emu = await emulator();
    await call(emu, 'POST', '/chatgroups/300/blocks/users/carol');
    const refused = await call(emu, 'POST', '/chatgroups/300/users/carol');
    expect(refused.status).toBe(403);
    expect(refused.json.error_description).toContain('carol is blocked');
    const unblocked = await call(emu, 'DELETE', '/chatgroups/300/blocks/users/carol');
    expect(unblocked.json.data).toMatchObject({ result: true, action: 'remove_blocks', user: 'carol' });
    expect((await call(emu, 'POST', '/chatgroups/300/users/carol')).status).toBe(200);
  });
});

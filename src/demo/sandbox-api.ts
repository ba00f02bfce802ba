/**
 * What the demo does around groupctl, through the library entry as an embedding program
 * would: seeds a group from before groupctl, registers the users the examples name, and
 * makes the change a console user would make by hand.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { connectionFromEnv, createGroupService, EMULATOR_TOKEN, type GroupServiceHandle, LIMITS, startEmulator } from '../index.js';

/**
 * Groups that existed before groupctl (the organisation example binds one by `id:`), with
 * the ids the config names: written into the fresh sandbox file as the emulator's seed,
 * since the create call cannot choose an id. Their owners are the seed's users.
 */
export function seedExistingGroups(sandboxFile: string, groups: Array<{ id: string; name: string; owner: string }>): string[] {
  const seed = {
    users: [...new Set(groups.map((g) => g.owner))],
    groups: groups.map((g) => ({ id: g.id, groupname: g.name, owner: g.owner, public: false, maxusers: 200 })),
  };
  writeFileSync(sandboxFile, JSON.stringify(seed, null, 2) + '\n');
  return seed.users;
}

/** Registers `users` the vendor's way (POST /users, 60 a call); the caller knows none of them exists yet. */
export async function registerUsers(handle: GroupServiceHandle, users: readonly string[]): Promise<void> {
  for (let i = 0; i < users.length; i += LIMITS.memberBatch) {
    await handle.client.registerUsers(users.slice(i, i + LIMITS.memberBatch).map((username) => ({ username, password: randomUUID() })));
  }
}

/** What a console user does: rename the group, then demote one admin to a plain member. */
export async function consoleChange(handle: GroupServiceHandle, groupId: string, change: { name: string; demote: string }): Promise<void> {
  await handle.service.updateGroup(groupId, { name: change.name });
  await handle.service.removeAdmin(groupId, change.demote);
}

/** Starts the sandbox's emulator on its data file for one piece of work through the library's client, then stops it. */
export async function withSandbox(dataFile: string, work: (handle: GroupServiceHandle) => Promise<void>): Promise<void> {
  const emulator = await startEmulator({ port: 0, dataFile, quiet: true });
  const handle = createGroupService(connectionFromEnv({ GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: EMULATOR_TOKEN }));
  try {
    await work(handle);
  } finally {
    await handle.close();
    await emulator.close();
  }
}

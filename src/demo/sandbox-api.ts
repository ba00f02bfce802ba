/**
 * The vendor's own calls the demo makes around groupctl: registering users, and a change a
 * console user makes by hand. Plain fetch against the sandbox emulator, bearer token auth.
 */
import { type DesiredState } from '../model/group.js';

const TOKEN = 'emulator-token';
/** Users per registration call (the service's batch limit). */
const USER_BATCH = 60;

/** Every user a configuration names as owner, admin or member, sorted. */
export function collectUsers(desired: DesiredState): string[] {
  const users = new Set<string>();
  for (const group of desired.groups.values()) {
    if (group.owner !== undefined) users.add(group.owner);
    for (const user of [...(group.admins ?? []), ...(group.members ?? [])]) users.add(user);
  }
  return [...users].sort();
}

export async function registerUsers(base: string, users: readonly string[]): Promise<void> {
  for (let i = 0; i < users.length; i += USER_BATCH) {
    const batch = users.slice(i, i + USER_BATCH).map((username) => ({ username, password: `demo-${username}` }));
    await call(base, 'POST', '/users', batch);
  }
}

/**
 * A group that existed before groupctl (the organisation example binds one by `id:`); the
 * sandbox numbers groups from its first id, so creating it first gives it the id config names.
 */
export async function createExistingGroup(base: string, group: { id: string; name: string; owner: string }): Promise<void> {
  const answer = (await call(base, 'POST', '/chatgroups', { groupname: group.name, public: false, maxusers: 200, owner: group.owner })) as {
    data?: { groupid?: string };
  };
  const id = answer.data?.groupid;
  if (id !== group.id) {
    throw new Error(`the sandbox gave the existing group "${group.name}" id ${String(id)}, not ${group.id}; is the sandbox file fresh?`);
  }
}

/** What a console user does: rename the group, then demote one admin to a plain member. */
export async function consoleChange(base: string, groupId: string, change: { name: string; demote: string }): Promise<void> {
  await call(base, 'PUT', `/chatgroups/${groupId}`, { groupname: change.name });
  await call(base, 'DELETE', `/chatgroups/${groupId}/admin/${change.demote}`);
}

async function call(base: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) {
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  }
  return response.json();
}

/**
 * What the demo does around groupctl: seeds a group from before groupctl, and makes the
 * change a console user would make by hand. Plain fetch against the sandbox emulator.
 */
import { writeFileSync } from 'node:fs';

const TOKEN = 'emulator-token';

/**
 * Groups that existed before groupctl (the organisation example binds one by `id:`), with
 * the ids the config names: written into the fresh sandbox file as the emulator's seed,
 * since the create call cannot choose an id. The users they name are registered later.
 */
export function seedExistingGroups(sandboxFile: string, groups: Array<{ id: string; name: string; owner: string }>): void {
  const seed = {
    users: [...new Set(groups.map((g) => g.owner))],
    groups: groups.map((g) => ({ id: g.id, groupname: g.name, owner: g.owner, public: false, maxusers: 200 })),
  };
  writeFileSync(sandboxFile, JSON.stringify(seed, null, 2) + '\n');
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

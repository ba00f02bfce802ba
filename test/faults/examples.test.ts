/**
 * Issue 4's "Done when": the repository's examples, applied to a fresh emulator, leave
 * `plan --detailed-exitcode` with nothing to do. The emulator is seeded with the users the
 * example names and with the groups it binds by `id:` (groups that "existed before
 * groupctl"), so that a dismiss has something real to dismiss.
 */
import { cpSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { RunningEmulator, StoreData } from '../../src/emulator/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';
import { duplicateGroups, emulatorEnv } from './scenario.js';

const EXAMPLES = ['small-team', 'organisation'];

/** Users the example names, and a live group for every `id:` it binds to. */
async function seedFor(dir: string): Promise<StoreData> {
  const desired = await loadConfig([dir]);
  const users = new Set<string>();
  for (const g of desired.groups.values()) {
    for (const user of [g.owner, ...(g.admins ?? []), ...(g.members ?? [])]) if (user !== undefined) users.add(user);
  }
  const someone = [...users].sort()[0]!;
  const groups: StoreData['groups'] = [...desired.groups.values()]
    .filter((g) => g.id !== undefined)
    .map((g) => ({ id: g.id, groupname: g.settings.name ?? g.key, owner: g.owner ?? someone, public: false }));
  return { users: [...users].sort(), groups };
}

describe('the examples, applied to a fresh emulator', () => {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it.each(EXAMPLES)('examples/%s: apply, then plan --detailed-exitcode exits 0', async (name) => {
    // A copy, so that the state file is not written into the repository.
    const dir = tempDir();
    const config = path.join(dir, name);
    cpSync(path.join(ROOT, 'examples', name), config, { recursive: true });
    const seed = await seedFor(config);
    emulator = await startEmulator({ quiet: true, seed });
    const env = emulatorEnv(emulator);
    const desired = await loadConfig([config]);
    const present = [...desired.groups.values()].filter((g) => g.ensure === 'present');
    const dismissed = [...desired.groups.values()].filter((g) => g.ensure === 'dismissed');

    const apply = await runCli(['apply', name, '--auto-approve', '--allow-dismiss'], { cwd: dir, env });
    expect(apply.code, `${apply.stdout}\n${apply.stderr}`).toBe(0);

    const plan = await runCli(['plan', name, '--detailed-exitcode'], { cwd: dir, env });
    expect(plan.code, `${plan.stdout}\n${plan.stderr}`).toBe(0);
    expect(plan.stdout).toContain('No changes');

    for (const g of dismissed) expect(emulator.store.getGroup(g.id!), `${g.key} is dismissed`).toBeUndefined();
    expect(emulator.store.groupCount()).toBe(present.length);
    expect(duplicateGroups(emulator)).toEqual([]);
  });
});

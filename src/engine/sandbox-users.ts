/**
 * A sandbox stands in for an app whose users already exist: its data file's users (a seed),
 * and the users `--sandbox-users` names, registered the vendor's way (POST /users through
 * the client, 60 a call) when the emulator does not have them yet. Never the users a
 * configuration names: a misspelt one must fail here as it would against the real app
 * (issue 22). A real app's users are never touched.
 */
import { randomUUID } from 'node:crypto';
import { type Connection, createGroupService } from '../api/index.js';
import { findMissingUsers } from '../live/index.js';
import { LIMITS } from '../model/group.js';

/**
 * The sandbox's emulator enforces no rate limit, and this is set-up rather than the run's
 * own work: it goes through a client of its own, whose calls the run's stats do not count.
 */
const SETUP_LIMITS = { rateLimit: 10_000, concurrency: 16 } as const;

/** Registers the users of `users` that the sandbox at `connection` does not have. */
export async function registerSandboxUsers(connection: Connection, users: readonly string[]): Promise<void> {
  if (users.length === 0) return;
  const handle = createGroupService({ ...connection, ...SETUP_LIMITS });
  try {
    const missing = await findMissingUsers(handle.service, users, handle.groupsAtOnce);
    for (let i = 0; i < missing.length; i += LIMITS.memberBatch) {
      const batch = missing.slice(i, i + LIMITS.memberBatch);
      await handle.client.registerUsers(batch.map((username) => ({ username, password: randomUUID() }))).catch((e: unknown) => {
        throw new Error(`the sandbox could not register users ${batch.join(', ')}: ${(e as Error).message}`, { cause: e });
      });
    }
  } finally {
    await handle.close();
  }
}

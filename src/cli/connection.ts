/**
 * Turns flags and environment into a GroupService: the remote API, or with --sandbox an
 * embedded emulator on a loopback port, reached over HTTP exactly like the real service.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { connectionFromEnv, createGroupService } from '../api/connect.js';
import type { TransportStats } from '../api/transport.js';
import { type GroupService } from '../api/service.js';
import type { RunningEmulator } from '../emulator/index.js';
import { LIMITS } from '../model/group.js';
import { type ParsedArgs } from './args.js';
import { type Io } from './io.js';
import { addRequestStats } from './stats.js';

const DEFAULT_SANDBOX_FILE = '.groupctl/sandbox.json';
/** The embedded emulator's fixed token; it never leaves this process. */
const SANDBOX_TOKEN = 'emulator-token';

export interface Connection {
  service: GroupService;
  /**
   * Calls the commands keep going at once (groups applied, reads queued): the fixed
   * --concurrency, or with `auto` the most the transport may put in flight; the transport
   * itself decides how many are on the wire.
   */
  concurrency: number;
  /** Requests made, retries, 429s and the rate reached, for the closing line of a command. */
  stats(): TransportStats;
  close(): Promise<void>;
}

export interface ConnectionOptions {
  /**
   * With --sandbox: users the configuration names. A sandbox stands in for an app whose
   * users already exist, so the missing ones are registered (the vendor's POST /users)
   * before anything else; a real app's users are never touched.
   */
  sandboxUsers?: Iterable<string>;
}

/** The sandbox data file, resolved, when --sandbox is on (`--sandbox` alone: the default file). */
export function sandboxFileOf(flags: ParsedArgs['flags'], io: Io): string | undefined {
  if (flags.sandbox === undefined || flags.sandbox === false) return undefined;
  return path.resolve(io.cwd, typeof flags.sandbox === 'string' ? flags.sandbox : DEFAULT_SANDBOX_FILE);
}

export async function openConnection(flags: ParsedArgs['flags'], io: Io, options: ConnectionOptions = {}): Promise<Connection> {
  const common = {
    rateLimit: flags['rate-limit'] as number | undefined,
    concurrency: flags.concurrency as string | undefined,
    insecure: flags.insecure === true,
  };
  const file = sandboxFileOf(flags, io);
  if (file === undefined) {
    const conn = connectionFromEnv(io.env, { ...common, baseUrl: flags['base-url'] as string | undefined });
    const opened = createGroupService(conn, io.secrets ? { secrets: io.secrets } : {});
    return {
      service: opened.service,
      concurrency: opened.maxConcurrency,
      stats: opened.stats,
      close: async () => {
        addRequestStats(opened.stats());
        await opened.close();
      },
    };
  }
  mkdirSync(path.dirname(file), { recursive: true });
  // Only a sandbox run loads the emulator.
  const { startEmulator } = await import('../emulator/index.js');
  const emulator = await startEmulator({ port: 0, dataFile: file, quiet: true });
  await registerMissingUsers(emulator, [...(options.sandboxUsers ?? [])]).catch(async (e: unknown) => {
    await emulator.close();
    throw e;
  });
  const conn = connectionFromEnv(
    { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: SANDBOX_TOKEN },
    common,
  );
  const opened = createGroupService(conn);
  return {
    service: opened.service,
    concurrency: opened.maxConcurrency,
    stats: opened.stats,
    close: async () => {
      addRequestStats(opened.stats());
      await opened.close();
      await emulator.close();
    },
  };
}

/** Registers, the vendor's way (POST /users, 60 a call), the users the emulator does not have yet. */
export async function registerMissingUsers(emulator: RunningEmulator, users: readonly string[]): Promise<void> {
  const missing = [...new Set(users)].filter((u) => !emulator.store.hasUser(u));
  for (let i = 0; i < missing.length; i += LIMITS.memberBatch) {
    const batch = missing.slice(i, i + LIMITS.memberBatch);
    const response = await fetch(`${emulator.baseUrls.easemob}/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SANDBOX_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(batch.map((username) => ({ username, password: randomUUID() }))),
    });
    if (!response.ok) throw new Error(`the sandbox could not register users ${batch.join(', ')}: ${response.status} ${await response.text()}`);
  }
}

/**
 * Turns flags and environment into a GroupService: the remote API, or with --sandbox an
 * embedded emulator on a loopback port, reached over HTTP exactly like the real service.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { connectionFromEnv, createGroupService } from '../api/connect.js';
import { type GroupService } from '../api/service.js';
import { startEmulator } from '../emulator/index.js';
import { type ParsedArgs } from './args.js';
import { type Io } from './io.js';
import { addRequestStats } from './stats.js';

export const DEFAULT_SANDBOX_FILE = '.groupctl/sandbox.json';

export interface Connection {
  service: GroupService;
  /** The sandbox data file, when --sandbox is on. */
  sandboxFile?: string;
  /** Requests made, retries and 429s seen, for the closing line of a command. */
  stats(): { requests: number; retries: number; status429: number };
  close(): Promise<void>;
}

export async function openConnection(flags: ParsedArgs['flags'], io: Io): Promise<Connection> {
  const common = {
    rateLimit: flags['rate-limit'] as number | undefined,
    concurrency: flags.concurrency as number | undefined,
    insecure: flags.insecure === true,
  };
  if (flags.sandbox === undefined || flags.sandbox === false) {
    const conn = connectionFromEnv(io.env, { ...common, baseUrl: flags['base-url'] as string | undefined });
    const opened = createGroupService(conn);
    return {
      service: opened.service,
      stats: opened.stats,
      close: async () => {
        addRequestStats(opened.stats());
        await opened.close();
      },
    };
  }
  const file = path.resolve(io.cwd, typeof flags.sandbox === 'string' ? flags.sandbox : DEFAULT_SANDBOX_FILE);
  mkdirSync(path.dirname(file), { recursive: true });
  const emulator = await startEmulator({ port: 0, dataFile: file, quiet: true });
  const conn = connectionFromEnv(
    { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' },
    common,
  );
  const opened = createGroupService(conn);
  return {
    service: opened.service,
    sandboxFile: file,
    stats: opened.stats,
    close: async () => {
      addRequestStats(opened.stats());
      await opened.close();
      await emulator.close();
    },
  };
}

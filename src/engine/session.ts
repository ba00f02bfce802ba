/**
 * Opens the service a run talks to: the remote API, or with --sandbox an embedded
 * emulator on a loopback port, reached over HTTP exactly like the real service.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { LIMITS } from '../model/group.js';
import { type Connection, createGroupService, formatHttpLog, type GroupServiceHandle, type HttpLog, parseBaseUrl, type SecretSet, type TransportStats } from '../api/index.js';
import { type GroupService } from '../api/service.js';
// options.ts, not the index: a remote run must not load the emulator.
import { EMULATOR_TOKEN } from '../emulator/options.js';
import { registerSandboxUsers } from './sandbox-users.js';
import { type ConnectionSettings } from './settings.js';
import { addRequestStats } from './run-stats.js';

/** The service opened for one command, and what the command needs beside it. */
export interface ServiceSession {
  service: GroupService;
  /**
   * Groups worked on at once (groups applied, groups read, users looked up): the fixed
   * --concurrency, or with `auto` the most calls the transport may put in flight. Not the
   * calls in flight themselves: the transport decides how many are on the wire.
   */
  groupsAtOnce: number;
  /** The calls the transport puts in flight now, for a read to keep going (ReadLiveOptions.callsAtOnce); absent, groupsAtOnce. */
  callsAtOnce?: () => number;
  /** The most `custom` characters the base allows (LIMITS: Easemob 1024, Agora /app-id/ 8192). */
  customLength: number;
  /** Requests made, retries, 429s and the rate reached, for the closing line of a command. */
  stats(): TransportStats;
  close(): Promise<void>;
}

/** What a run tells openSession beyond the settings. */
export interface SessionOptions {
  /** The run's secrets (the CLI's Io.secrets): tokens the service issues join it, so every sink masks them. */
  secrets?: SecretSet;
  /** Where the HTTP log goes when `settings.debug` is on (the CLI: stderr), one line a call. */
  debugOut?: (line: string) => void;
}

/** Opens the remote service, or starts the sandbox emulator (loaded only then) and opens that. */
export async function openSession(settings: ConnectionSettings, options: SessionOptions = {}): Promise<ServiceSession> {
  const { target, limits } = settings;
  const { debugOut, secrets } = options;
  const log: { log?: HttpLog } = settings.debug === true && debugOut !== undefined ? { log: (entry) => debugOut(formatHttpLog(entry)) } : {};
  if (target.kind === 'remote') {
    const connection: Connection = { base: target.base, credentials: target.credentials, ...limits };
    return sessionOf(createGroupService(connection, { ...(secrets ? { secrets } : {}), ...log }), connection.base);
  }
  mkdirSync(path.dirname(target.file), { recursive: true });
  const { startEmulator } = await import('../emulator/index.js');
  const emulator = await startEmulator({ port: 0, dataFile: target.file, quiet: true });
  try {
    const connection: Connection = { base: parseBaseUrl(emulator.baseUrls.easemob), credentials: { kind: 'token', token: EMULATOR_TOKEN }, ...limits };
    // Users the sandbox already holds need no look-up: a rerun with the same --sandbox-users
    // opens no set-up client and makes no call (issue 23). The others go the vendor's way.
    await registerSandboxUsers(connection, (target.users ?? []).filter((user) => !emulator.store.hasUser(user)));
    return sessionOf(createGroupService(connection, log), connection.base, () => emulator.close());
  } catch (e) {
    await emulator.close();
    throw e;
  }
}

/** The run's request counts go to the benchmark's stats when the session closes. */
function sessionOf(opened: GroupServiceHandle, base: Connection['base'], closeAlso: () => Promise<void> = async () => {}): ServiceSession {
  return {
    service: opened.service,
    groupsAtOnce: opened.groupsAtOnce,
    callsAtOnce: opened.callsAtOnce,
    customLength: base.style === 'agora' ? LIMITS.customLengthAgora : LIMITS.customLength,
    stats: opened.stats,
    close: async () => {
      addRequestStats(opened.stats());
      await opened.close();
      await closeAlso();
    },
  };
}

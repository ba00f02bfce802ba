/**
 * From environment and flags to a working service (CONTRACT.md, Connection). No silent
 * fallback: no base URL or no credentials stops with an error that says what to do.
 */
import { AgoraAppToken, EasemobCredentials, StaticToken, type TokenProvider } from './auth.js';
import { parseBaseUrl, type BaseUrl } from './base-url.js';
import { ApiClient } from './client.js';
import { DEFAULT_CONCURRENCY, type ConcurrencySetting } from './auto-concurrency.js';
import type { HttpLog } from './http-log.js';
import { HttpGroupService } from './http-service.js';
import { DEFAULT_RATE, RateLimiter } from './rate-limiter.js';
import { SecretSet } from './redact.js';
import type { RetryPolicy } from './retry.js';
import { Transport, type TransportStats } from './transport.js';

/** Who the tool is to the service: one of the three ways CONTRACT.md's Connection table names. */
export type Credentials =
  | { kind: 'token'; token: string }
  | { kind: 'easemob'; clientId: string; clientSecret: string }
  | { kind: 'agora'; appId: string; appCertificate: string };

/** Everything needed to talk to one app. Holds secrets: never print it. */
export interface Connection {
  base: BaseUrl;
  credentials: Credentials;
  rateLimit: number;
  /** Calls in flight at once: a fixed number, or `auto` (sized from the rate and the round trip). */
  concurrency: ConcurrencySetting;
  /** Per-request timeout, ms. */
  timeoutMs?: number;
  /** Overall deadline of one attempt, ms (transport.ts); tests shorten it. */
  deadlineMs?: number;
  /** Largest answer read, bytes (transport.ts); tests lower it. */
  maxAnswerBytes?: number;
  retry?: RetryPolicy;
}

/** The command-line values that override the environment (a library caller may pass them too). */
export interface ConnectionFlags {
  baseUrl?: string;
  rateLimit?: number | string;
  concurrency?: number | string;
  insecure?: boolean;
}

/** A connection setting that is missing or wrong; its message names the flag or variable to fix. */
export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
}

const NO_BASE_URL = 'no API base URL: set GROUPCTL_BASE_URL or pass --base-url (or use --sandbox for a local emulator)';
const NO_CREDENTIALS =
  'no API credentials: set GROUPCTL_TOKEN (an app token), or GROUPCTL_CLIENT_ID and GROUPCTL_CLIENT_SECRET ' +
  '(Easemob client credentials), or GROUPCTL_AGORA_APP_ID and GROUPCTL_AGORA_APP_CERTIFICATE (Agora)';

/** A whole Connection from the environment, flags winning over variables: what an embedding program needs to call createGroupService. */
export function connectionFromEnv(env: Readonly<Record<string, string | undefined>>, flags: ConnectionFlags = {}): Connection {
  return { ...remoteFromEnv(env, flags), ...clientLimitsFromEnv(env, flags) };
}

/** How hard a client may press the service: the part of a Connection that a sandbox shares with a remote app. */
export type ClientLimits = Pick<Connection, 'rateLimit' | 'concurrency' | 'deadlineMs' | 'maxAnswerBytes'>;

/** Which app and as whom: the base URL (flag over GROUPCTL_BASE_URL) and the credentials of the environment. */
export function remoteFromEnv(env: Readonly<Record<string, string | undefined>>, flags: Pick<ConnectionFlags, 'baseUrl' | 'insecure'> = {}): Pick<Connection, 'base' | 'credentials'> {
  const baseText = flags.baseUrl ?? nonEmpty(env.GROUPCTL_BASE_URL);
  if (!baseText) throw new ConnectionError(NO_BASE_URL);
  let base: BaseUrl;
  try {
    base = parseBaseUrl(baseText, { insecure: flags.insecure ?? false });
  } catch (error) {
    throw new ConnectionError((error as Error).message, { cause: error });
  }
  return { base, credentials: credentialsFromEnv(env) };
}

/** The one place the rate limit and concurrency are read: a flag wins over its variable, else the default. */
export function clientLimitsFromEnv(env: Readonly<Record<string, string | undefined>>, flags: Pick<ConnectionFlags, 'rateLimit' | 'concurrency'> = {}): ClientLimits {
  const rate = flags.rateLimit !== undefined ? { value: flags.rateLimit, where: '--rate-limit' } : { value: nonEmpty(env.GROUPCTL_RATE_LIMIT), where: 'GROUPCTL_RATE_LIMIT' };
  return {
    rateLimit: positive('rate limit', rate.value, rate.where, DEFAULT_RATE, false),
    concurrency: flags.concurrency !== undefined ? concurrencyOf(flags.concurrency, '--concurrency') : concurrencyOf(nonEmpty(env.GROUPCTL_CONCURRENCY), 'GROUPCTL_CONCURRENCY'),
    ...answerLimitsFromEnv(env),
  };
}

/**
 * The per-call deadline and answer cap are not user settings (the defaults fit every real
 * answer); these variables exist so the hostile-server tests run in milliseconds.
 */
function answerLimitsFromEnv(env: Readonly<Record<string, string | undefined>>): Pick<Connection, 'deadlineMs' | 'maxAnswerBytes'> {
  const deadline = nonEmpty(env.GROUPCTL_REQUEST_DEADLINE_MS);
  const cap = nonEmpty(env.GROUPCTL_MAX_ANSWER_BYTES);
  return {
    ...(deadline !== undefined ? { deadlineMs: positive('request deadline', deadline, 'GROUPCTL_REQUEST_DEADLINE_MS', 0, true) } : {}),
    ...(cap !== undefined ? { maxAnswerBytes: positive('answer cap', cap, 'GROUPCTL_MAX_ANSWER_BYTES', 0, true) } : {}),
  };
}

/** `auto` or a whole number of 1 or more; `where` names the flag or variable it came from. */
function concurrencyOf(value: number | string | undefined, where: string): ConcurrencySetting {
  if (value === undefined) return DEFAULT_CONCURRENCY;
  if (typeof value === 'string' && value.trim().toLowerCase() === 'auto') return 'auto';
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new ConnectionError(`concurrency must be "auto" or a positive whole number (${where}), got "${value}"`);
  }
  return n;
}

function credentialsFromEnv(env: Readonly<Record<string, string | undefined>>): Credentials {
  const token = nonEmpty(env.GROUPCTL_TOKEN);
  const clientId = nonEmpty(env.GROUPCTL_CLIENT_ID);
  const clientSecret = nonEmpty(env.GROUPCTL_CLIENT_SECRET);
  const appId = nonEmpty(env.GROUPCTL_AGORA_APP_ID);
  const appCertificate = nonEmpty(env.GROUPCTL_AGORA_APP_CERTIFICATE);
  if (token) return { kind: 'token', token };
  if (clientId || clientSecret) {
    if (!clientId || !clientSecret) {
      throw new ConnectionError(`GROUPCTL_CLIENT_ID and GROUPCTL_CLIENT_SECRET go together: ${clientId ? 'GROUPCTL_CLIENT_SECRET' : 'GROUPCTL_CLIENT_ID'} is not set`);
    }
    return { kind: 'easemob', clientId, clientSecret };
  }
  if (appId || appCertificate) {
    if (!appId || !appCertificate) {
      throw new ConnectionError(
        `GROUPCTL_AGORA_APP_ID and GROUPCTL_AGORA_APP_CERTIFICATE go together: ${appId ? 'GROUPCTL_AGORA_APP_CERTIFICATE' : 'GROUPCTL_AGORA_APP_ID'} is not set`,
      );
    }
    return { kind: 'agora', appId, appCertificate };
  }
  throw new ConnectionError(NO_CREDENTIALS);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value.trim() : undefined;
}

function positive(what: string, value: number | string | undefined, where: string, fallback: number, integer: boolean): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new ConnectionError(`${what} must be a positive ${integer ? 'whole ' : ''}number (${where}), got "${value}"`);
  }
  return n;
}

/** An opened service and what its owner needs beside it: the client, the concurrency to use, stats, and close. */
export interface GroupServiceHandle {
  service: HttpGroupService;
  /** The typed calls beneath the service, for those it does not make: registering a sandbox's users (POST /users). */
  client: ApiClient;
  /** Calls the layers above may keep going at once; the transport decides how many are on the wire. */
  maxConcurrency: number;
  close(): Promise<void>;
  stats(): TransportStats;
}

/**
 * `secrets`: the caller's set, when it prints or writes anything (the CLI): the tokens
 * this connection is issued join it, so every sink can mask them. `log`: told of every
 * HTTP attempt, secrets masked (http-log.ts; the CLI's GROUPCTL_LOG=debug).
 */
export function createGroupService(conn: Connection, options: { secrets?: SecretSet; log?: HttpLog } = {}): GroupServiceHandle {
  const secrets = options.secrets ?? new SecretSet();
  for (const secret of secretsOf(conn.credentials)) secrets.add(secret);
  // Adaptive: the limit is shared with the app's own traffic, so 429s lower the rate for a while.
  const limiter = new RateLimiter({ rate: conn.rateLimit, adaptive: true, jitter: true });
  let client: ApiClient | undefined;
  const auth = tokenProvider(conn.credentials, (body) => client!.token(body), (agoraToken) => client!.exchangeAgoraToken(agoraToken));
  const transport = new Transport({
    base: conn.base,
    auth,
    limiter,
    concurrency: conn.concurrency,
    secrets,
    ...(options.log !== undefined ? { log: options.log } : {}),
    ...(conn.timeoutMs !== undefined ? { timeoutMs: conn.timeoutMs } : {}),
    ...(conn.deadlineMs !== undefined ? { deadlineMs: conn.deadlineMs } : {}),
    ...(conn.maxAnswerBytes !== undefined ? { maxAnswerBytes: conn.maxAnswerBytes } : {}),
    ...(conn.retry !== undefined ? { retry: conn.retry } : {}),
  });
  client = new ApiClient(transport);
  const service = new HttpGroupService(client, { org: conn.base.org, app: conn.base.app });
  return { service, client, maxConcurrency: transport.maxConcurrency, close: () => transport.close(), stats: () => transport.stats() };
}

function tokenProvider(
  credentials: Credentials,
  fetchToken: ConstructorParameters<typeof EasemobCredentials>[0]['fetchToken'],
  exchange: NonNullable<ConstructorParameters<typeof AgoraAppToken>[0]['exchange']>,
): TokenProvider {
  switch (credentials.kind) {
    case 'token':
      return new StaticToken(credentials.token);
    case 'easemob':
      return new EasemobCredentials({ clientId: credentials.clientId, clientSecret: credentials.clientSecret, fetchToken });
    case 'agora':
      return new AgoraAppToken({ appId: credentials.appId, appCertificate: credentials.appCertificate, exchange });
  }
}

function secretsOf(credentials: Credentials): string[] {
  switch (credentials.kind) {
    case 'token':
      return [credentials.token];
    case 'easemob':
      return [credentials.clientSecret];
    case 'agora':
      return [credentials.appCertificate];
  }
}

/**
 * From a Connection (data: cli/settings.ts reads the flags and environment into it) to a
 * working service (CONTRACT.md, Connection). This file reads no flag and no variable.
 */
import { AgoraAppToken, EasemobCredentials, StaticToken, type TokenProvider } from './auth.js';
import { type BaseUrl } from './base-url.js';
import { ApiClient } from './client.js';
import { type ConcurrencySetting } from './auto-concurrency.js';
import type { HttpLog } from './http-log.js';
import { HttpGroupService } from './http-service.js';
import { apiRateLimiters } from './api-rates.js';
import { RateLimiter } from './rate-limiter.js';
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
  /**
   * Calls in flight at once on the wire (`--concurrency`): a fixed number, or `auto` (sized
   * from the rate and the round trip). Not groups at once: that is ApplyOptions.groupsAtOnce.
   */
  concurrency: ConcurrencySetting;
  /** Per-request timeout, ms. */
  timeoutMs?: number;
  /** Overall deadline of one attempt, ms (transport.ts); tests shorten it. */
  deadlineMs?: number;
  /** Largest answer read, bytes (transport.ts); tests lower it. */
  maxAnswerBytes?: number;
  retry?: RetryPolicy;
}

/** A connection setting that is missing or wrong; its message names the flag or variable to fix. */
export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
}

/** How hard a client may press the service: the part of a Connection that a sandbox shares with a remote app. */
export type ClientLimits = Pick<Connection, 'rateLimit' | 'concurrency' | 'deadlineMs' | 'maxAnswerBytes'>;

/** An opened service and what its owner needs beside it: the client, the concurrency to use, stats, and close. */
export interface GroupServiceHandle {
  service: HttpGroupService;
  /** The typed calls beneath the service, for those it does not make: registering a sandbox's users (POST /users). */
  client: ApiClient;
  /**
   * Groups (or users) the layers above may work on at once: as many as the transport's
   * most calls in flight, so none waits for want of work; the transport decides how many
   * are on the wire.
   */
  groupsAtOnce: number;
  /** The calls the transport puts in flight now (`auto` sizes it as answers come): reads keep no more going (ReadLiveOptions.callsAtOnce). */
  callsAtOnce: () => number;
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
    apiLimiters: apiRateLimiters(conn.rateLimit),
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
  return {
    service,
    client,
    groupsAtOnce: transport.maxInFlight,
    callsAtOnce: transport.inFlightNow,
    close: () => transport.close(),
    stats: () => transport.stats(),
  };
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

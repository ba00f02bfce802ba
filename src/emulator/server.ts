/**
 * The emulator's HTTP face: node:http over the store, with the service's edge
 * behaviour that clients must survive (auth, a per-app rate limit with varying 429
 * shapes, 503s and dropped connections, latency) and call counters for benchmarks.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { appUuid, errorBody, type AppIdentity, type CallInfo, type Reply } from './envelope.js';
import { openState } from './persistence.js';
import { RateBucket } from './rate-bucket.js';
import { CALL_KINDS, DEFAULT_TOKEN_TTL_SECONDS, findRoute, type Route } from './routes.js';
import { StoreError, type GroupStore, type StoreData } from './store.js';
import { checkAgoraToken } from './agora-tokens.js';
import { reword } from './dialect-wire.js';
import { readingsOf, type Readings } from './dialects.js';
import { TokenIssuer } from './tokens.js';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Base `/{org}/{app}`; both default to `demo`. */
  org?: string;
  app?: string;
  /** Base `/app-id/{appId}`; default `demo`. */
  appId?: string;
  /**
   * With it, Agora app tokens built from appId + this certificate are accepted too
   * (agora-token wants both as 32 hex digits).
   */
  appCertificate?: string;
  /** A fixed Bearer token that is always accepted; default `emulator-token`. */
  token?: string;
  /** Credentials `POST /token` accepts; default `emulator` / `emulator-secret`. */
  clientId?: string;
  clientSecret?: string;
  /** Lifetime of issued tokens when the request gives no `ttl`; default 60 days. */
  tokenTtlSeconds?: number;
  /** Persist state here (snapshot) and in `${dataFile}.journal`. */
  dataFile?: string;
  /** Initial state when there is no data file yet. */
  seed?: StoreData;
  /** Delay before every answer. */
  latencyMs?: number;
  /** Requests per second for the whole app; 0 or undefined: no limit. */
  rateLimit?: number;
  /** 0..1: share of requests that fail with a 503 or a dropped connection. */
  faultRate?: number;
  /** Sent as `Retry-After` on 429s when set. */
  retryAfterSeconds?: number;
  /** See StoreOptions.transferKeepsAdmin; overrides the `transfer-keeps-admin` dialect. */
  transferKeepsAdmin?: boolean;
  /** Dialect names (dialects.ts), as a list or comma-separated; none: the doc pages' reading. */
  dialects?: string | readonly string[];
  /** No startup or error lines on stderr. */
  quiet?: boolean;
  /** Clock for timestamps, token expiry and the rate bucket (tests); default Date.now. */
  now?: () => number;
  /** Source of randomness for faults (tests); default Math.random. */
  random?: () => number;
}

export interface FaultSettings {
  latencyMs?: number;
  rateLimit?: number;
  faultRate?: number;
  retryAfterSeconds?: number;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  baseUrls: { easemob: string; agora: string };
  store: GroupStore;
  counters(): Record<string, number>;
  resetCounters(): void;
  setFaults(faults: FaultSettings): void;
  /** Stops serving and writes a compacted snapshot. */
  close(): Promise<void>;
  /** Stops serving without compacting: what a kill -9 leaves on disk (for crash tests). */
  kill(): Promise<void>;
}

const MAX_BODY_BYTES = 1 << 20;
const EXTRA_COUNTERS = ['total', 'status-429', 'status-5xx', 'dropped'] as const;

type Fault = 'none' | 'unavailable' | 'drop-before' | 'drop-after';

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const org = options.org ?? 'demo';
  const appName = options.app ?? 'demo';
  const appId = options.appId ?? 'demo';
  const fixedToken = options.token ?? 'emulator-token';
  const credentials = {
    clientId: options.clientId ?? 'emulator',
    clientSecret: options.clientSecret ?? 'emulator-secret',
    tokenTtlSeconds: options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
  };
  const log = (line: string) => {
    if (!options.quiet) process.stderr.write(`emulator: ${line}\n`);
  };

  const readings: Readings = readingsOf(options.dialects);
  const state = openState({
    dataFile: options.dataFile,
    seed: options.seed,
    transferKeepsAdmin: options.transferKeepsAdmin ?? readings.transferKeepsAdmin,
    now,
  });
  const { loaded } = state;
  log(
    `${loaded.groups} groups, ${loaded.users} users` +
      (options.dialects !== undefined && options.dialects.length > 0 ? `, dialects ${[options.dialects].flat().join(',')}` : '') +
      (loaded.from ? ` from ${loaded.from}` : '') +
      (loaded.replayed ? `, ${loaded.replayed} journal entries replayed` : ''),
  );

  const app: AppIdentity = { org, app: appName, application: appUuid(org, appName) };
  const tokens = new TokenIssuer(`${credentials.clientId}\n${credentials.clientSecret}\n${org}#${appName}`, now);
  const faults: Required<FaultSettings> = {
    latencyMs: options.latencyMs ?? 0,
    rateLimit: options.rateLimit ?? 0,
    faultRate: options.faultRate ?? 0,
    retryAfterSeconds: options.retryAfterSeconds ?? 0,
  };
  let bucket = faults.rateLimit > 0 ? new RateBucket(faults.rateLimit, now) : undefined;
  let limited = 0;
  const counters = new Map<string, number>();
  const resetCounters = () => {
    for (const name of [...CALL_KINDS, ...EXTRA_COUNTERS]) counters.set(name, 0);
  };
  resetCounters();
  const bump = (name: string) => counters.set(name, (counters.get(name) ?? 0) + 1);
  let origin = '';

  const send = (res: ServerResponse, reply: Reply, headers: Record<string, string> = {}) => {
    if (reply.status === 429) bump('status-429');
    if (reply.status >= 500) bump('status-5xx');
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    const type = typeof reply.body === 'string' ? 'text/html' : 'application/json;charset=UTF-8';
    res.writeHead(reply.status, { 'content-type': type, 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };
  const fail = (status: number, error: string, description: string, started: number): Reply => ({
    status,
    body: errorBody(readings, status, error, description, started, now()),
  });
  const drop = (req: IncomingMessage) => {
    bump('dropped');
    req.socket.destroy();
  };

  const rollFault = (route: Route): Fault => {
    if (faults.faultRate <= 0 || random() >= faults.faultRate) return 'none';
    if (random() < 0.5) return 'unavailable';
    // A dropped change may or may not have been applied, as with a real network.
    return route.mutating && random() < 0.5 ? 'drop-after' : 'drop-before';
  };

  /** 429s vary like a real edge: a JSON error one time, a plain-text page the next. */
  const tooManyRequests = (started: number): Reply =>
    limited++ % 2 === 0 && readings.rateLimitBody === 'mixed'
      ? fail(429, 'reach_limit', 'This request has reached api limit', started)
      : { status: 429, body: '<html><head><title>429 Too Many Requests</title></head><body><h1>429 Too Many Requests</h1></body></html>\n' };

  const checkAgora =
    options.appCertificate === undefined ? undefined : (token: string) => checkAgoraToken(token, appId, options.appCertificate!, now());
  const bearerOf = (req: IncomingMessage) => /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  const checkAuth = (req: IncomingMessage): string | undefined => {
    const bearer = bearerOf(req);
    if (bearer === undefined) return 'Unable to authenticate (OAuth)';
    if (bearer === fixedToken) return undefined;
    // Under agora-exchange an Agora token is only good for POST /token, so it fails here as any stranger's would.
    const check =
      checkAgora !== undefined && bearer.startsWith('007') && readings.agoraAuth === 'direct' ? checkAgora(bearer) : tokens.check(bearer);
    if (check === 'ok') return undefined;
    return check === 'expired' ? 'Unable to authenticate due to expired access token' : 'Unable to authenticate (OAuth)';
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = now();
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname.startsWith('/_emulator/')) return control(method, url.pathname, res);

    bump('total');
    let segments: string[];
    try {
      segments = url.pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
    } catch {
      return send(res, fail(400, 'invalid_parameter', 'malformed path', started));
    }
    const rest =
      segments[0] === 'app-id' && segments[1] === appId ? segments.slice(2)
      : segments[0] === org && segments[1] === appName ? segments.slice(2)
      : undefined;
    const raw = await readBody(req);
    if (raw === undefined) return send(res, fail(413, 'invalid_parameter', 'request body too large', started));
    let body: unknown;
    let badBody = false;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        badBody = true;
      }
    }
    const route = rest === undefined ? undefined : findRoute(method, rest, body);
    if (route === undefined) return send(res, fail(404, 'not_found', `no such call: ${method} ${url.pathname}`, started));
    bump(route.kind);

    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    // Stopped while this request waited: answer nothing, as a server that went away would.
    if (stopped !== undefined) return drop(req);
    if (bucket !== undefined && !bucket.take()) {
      const headers: Record<string, string> = faults.retryAfterSeconds > 0 ? { 'retry-after': String(faults.retryAfterSeconds) } : {};
      return send(res, tooManyRequests(started), headers);
    }
    const fault = rollFault(route);
    if (fault === 'unavailable') {
      return send(res, fail(503, 'service_unavailable', 'The service is temporarily unavailable, please try again later', started));
    }
    if (fault === 'drop-before') return drop(req);
    if (badBody) return send(res, fail(400, 'invalid_parameter', 'request body is not valid JSON', started));
    if (route.needsAuth) {
      const refusal = checkAuth(req);
      if (refusal !== undefined) return send(res, fail(401, 'unauthorized', refusal, started));
    }

    const call: CallInfo = { method, uri: `${origin}${url.pathname}`, query: url.searchParams, started };
    let reply: Reply;
    try {
      const bearer = bearerOf(req);
      reply = route.run({
        store: state.store, mutate: state.mutate, app, call, now, tokens, credentials, readings, checkAgora,
        ...(bearer !== undefined ? { bearer } : {}),
      });
    } catch (err) {
      if (!(err instanceof StoreError)) throw err;
      const refusal = reword(readings, err);
      reply = fail(refusal.status, refusal.error, refusal.description, started);
    }
    if (fault === 'drop-after') return drop(req);
    send(res, reply);
  };

  const control = (method: string, path: string, res: ServerResponse) => {
    if (method === 'GET' && path === '/_emulator/counters') {
      return send(res, { status: 200, body: Object.fromEntries(counters) });
    }
    if (method === 'POST' && path === '/_emulator/counters/reset') {
      resetCounters();
      return send(res, { status: 200, body: { reset: true } });
    }
    send(res, fail(404, 'not_found', `no such call: ${method} ${path}`, now()));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log(`internal error on ${req.method} ${req.url}: ${(err as Error)?.stack ?? String(err)}`);
      if (!res.headersSent) send(res, fail(500, 'internal_error', 'internal error', now()));
      else res.destroy();
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${options.host ?? '127.0.0.1'}:${port}`;

  let stopped: Promise<void> | undefined;
  const stop = (finish: () => void) =>
    (stopped ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }).then(finish));

  return {
    url: origin,
    port,
    baseUrls: { easemob: `${origin}/${org}/${appName}`, agora: `${origin}/app-id/${appId}` },
    store: state.store,
    counters: () => Object.fromEntries(counters),
    resetCounters,
    setFaults(next: FaultSettings) {
      for (const [key, value] of Object.entries(next) as Array<[keyof FaultSettings, number | undefined]>) {
        if (value !== undefined) faults[key] = value;
      }
      if (next.rateLimit !== undefined) bucket = next.rateLimit > 0 ? new RateBucket(next.rateLimit, now) : undefined;
    },
    close: () => stop(() => state.close()),
    kill: () => stop(() => state.abandon()),
  };
}

/** The whole body, or undefined when it is larger than the service would take. */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

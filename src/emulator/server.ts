/**
 * The emulator's HTTP face: node:http over the store, behind the service's edge
 * (edge.ts: latency, rate limit, faults, counters) and auth (auth.ts), answering in the
 * configured dialects (dialects.ts). The call table is routes.ts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeAuth, type Auth } from './auth.js';
import { parseJson, pathSegments, readBody, writeReply } from './body-io.js';
import { controlReply } from './control.js';
import { reword } from './dialect-wire.js';
import { readingsOf, type Readings } from './dialects.js';
import { Edge, type FaultSettings } from './edge.js';
import { appUuid, errorBody, type AppIdentity, type CallInfo, type Reply } from './envelope.js';
import { EMULATOR_TOKEN, type EmulatorOptions, type RunningEmulator } from './options.js';
import { openState, type EmulatorState } from './persistence.js';
import { DEFAULT_TOKEN_TTL_SECONDS, findRoute, type RouteDeps } from './routes.js';
import { StoreError } from './store.js';
import { TokenIssuer } from './tokens.js';

export type { FaultSettings } from './edge.js';
export type { EmulatorOptions, RunningEmulator } from './options.js';

/** Everything a request needs, fixed at start. */
interface Context {
  readings: Readings;
  state: EmulatorState;
  edge: Edge;
  auth: Auth;
  now: () => number;
  /** Which first path segments name this app. */
  bases: { org: string; app: string; appId: string };
  deps: Omit<RouteDeps, 'call' | 'bearer' | 'store' | 'mutate' | 'readings' | 'checkAgora'>;
  origin: string;
  stopped: boolean;
  log(line: string): void;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const context = makeContext(options);
  const server = createServer((req, res) => {
    handle(context, req, res).catch((err: unknown) => {
      context.log(`internal error on ${req.method} ${req.url}: ${(err as Error)?.stack ?? String(err)}`);
      if (res.headersSent) return void res.destroy();
      const reply = failure(context, 500, 'internal_error', 'internal error', context.now());
      context.edge.count(reply);
      writeReply(res, reply);
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  context.origin = `http://${host}:${port}`;

  let stopping: Promise<void> | undefined;
  const stop = (finish: () => void) =>
    (stopping ??= new Promise<void>((resolve) => {
      context.stopped = true;
      server.close(() => resolve());
      server.closeAllConnections();
    }).then(finish));
  const { org, app, appId } = context.bases;
  return {
    url: context.origin,
    port,
    baseUrls: { easemob: `${context.origin}/${org}/${app}`, agora: `${context.origin}/app-id/${appId}` },
    store: context.state.store,
    counters: () => context.edge.counters(),
    resetCounters: () => context.edge.resetCounters(),
    setFaults: (next) => context.edge.setFaults(next),
    close: () => stop(() => context.state.close()),
    kill: () => stop(() => context.state.abandon()),
  };
}

function makeContext(options: EmulatorOptions): Context {
  const now = options.now ?? Date.now;
  const log = (line: string) => {
    if (!options.quiet) process.stderr.write(`emulator: ${line}\n`);
  };
  const readings = readingsOf(options.dialects);
  const bases = { org: options.org ?? 'demo', app: options.app ?? 'demo', appId: options.appId ?? 'demo' };
  const credentials = {
    clientId: options.clientId ?? 'emulator',
    clientSecret: options.clientSecret ?? 'emulator-secret',
    tokenTtlSeconds: options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
  };
  const state = openState({
    dataFile: options.dataFile,
    seed: options.seed,
    transferKeepsAdmin: options.transferKeepsAdmin ?? readings.transferKeepsAdmin,
    publicInvites: readings.publicInvites,
    quotas: { appKey: `${bases.org}#${bases.app}`, groupsPerApp: options.groupsPerApp, groupsPerUser: options.groupsPerUser },
    now,
  });
  const { loaded } = state;
  const dialects = [options.dialects ?? []].flat().join(',');
  log(
    `${loaded.groups} groups, ${loaded.users} users` +
      (dialects !== '' ? `, dialects ${dialects}` : '') +
      (loaded.from ? ` from ${loaded.from}` : '') +
      (loaded.replayed ? `, ${loaded.replayed} journal entries replayed` : ''),
  );
  const tokens = new TokenIssuer(`${credentials.clientId}\n${credentials.clientSecret}\n${bases.org}#${bases.app}`, now);
  const app: AppIdentity = { org: bases.org, app: bases.app, application: appUuid(bases.org, bases.app) };
  return {
    readings,
    state,
    edge: new Edge(faultsOf(options), readings, now, options.random ?? Math.random),
    auth: makeAuth({ fixedToken: options.token ?? EMULATOR_TOKEN, tokens, appId: bases.appId, appCertificate: options.appCertificate, readings, now }),
    now,
    bases,
    deps: { app, now, tokens, credentials },
    origin: '',
    stopped: false,
    log,
  };
}

async function handle(cx: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = cx.now();
  const send = (reply: Reply, headers?: Record<string, string>) => (cx.edge.count(reply), writeReply(res, reply, headers));
  const fail = (status: number, error: string, description: string) => send(failure(cx, status, error, description, started));
  const drop = (): void => {
    cx.edge.bump('dropped');
    req.socket.destroy();
  };
  const url = new URL(req.url ?? '/', 'http://emulator');
  const method = (req.method ?? 'GET').toUpperCase();
  if (url.pathname.startsWith('/_emulator/')) {
    return send(controlReply(cx.edge, method, url.pathname) ?? failure(cx, 404, 'not_found', `no such call: ${method} ${url.pathname}`, started));
  }

  cx.edge.bump('total');
  const segments = pathSegments(url.pathname);
  if (segments === undefined) return fail(400, 'invalid_parameter', 'malformed path');
  const raw = await readBody(req);
  if (raw === undefined) return fail(413, 'invalid_parameter', 'request body too large');
  const body = parseJson(raw);
  const rest = appPath(cx, segments);
  const route = rest === undefined ? undefined : findRoute(method, rest, body.value);
  if (route === undefined) return fail(404, 'not_found', `no such call: ${method} ${url.pathname}`);
  cx.edge.bump(route.kind);

  await cx.edge.delay();
  // Stopped while this request waited: answer nothing, as a server that went away would.
  if (cx.stopped) return drop();
  const limited = cx.edge.rateLimited(started, route.kind);
  if (limited !== undefined) return send(limited.reply, limited.headers);
  const fault = cx.edge.rollFault(route.mutating);
  if (fault === 'unavailable') return fail(503, 'service_unavailable', 'The service is temporarily unavailable, please try again later');
  if (fault === 'drop-before') return drop();
  if (body.bad) return fail(400, 'invalid_parameter', 'request body is not valid JSON');
  const refusal = route.needsAuth ? cx.auth.refusal(req) : undefined;
  if (refusal !== undefined) return fail(401, 'unauthorized', refusal);

  const call: CallInfo = { method, uri: `${cx.origin}${url.pathname}`, query: url.searchParams, started };
  const reply = answer(cx, route.run, call, cx.auth.bearerOf(req));
  if (fault === 'drop-after') return drop();
  if (route.kind === 'create-group' && reply.status === 200 && cx.edge.loseCreateAnswer()) return drop();
  send(reply);
}

/** The call's reply, or its refusal in the dialect's words. */
function answer(cx: Context, run: (deps: RouteDeps) => Reply, call: CallInfo, bearer: string | undefined): Reply {
  try {
    return run({
      ...cx.deps,
      store: cx.state.store,
      mutate: cx.state.mutate,
      readings: cx.readings,
      call,
      ...(bearer !== undefined ? { bearer } : {}),
      ...(cx.auth.checkAgora !== undefined ? { checkAgora: cx.auth.checkAgora } : {}),
    });
  } catch (err) {
    if (!(err instanceof StoreError)) throw err;
    const refusal = reword(cx.readings, err);
    return failure(cx, refusal.status, refusal.error, refusal.description, call.started);
  }
}

function faultsOf(options: EmulatorOptions): FaultSettings {
  const { latencyMs, rateLimit, faultRate, retryAfterSeconds, loseCreateAnswers, callQuota } = options;
  return { latencyMs, rateLimit, faultRate, retryAfterSeconds, loseCreateAnswers, callQuota };
}

/** The part of the path after this app's base, or undefined for another app. */
function appPath(cx: Context, segments: string[]): string[] | undefined {
  const { org, app, appId } = cx.bases;
  if (segments[0] === 'app-id' && segments[1] === appId) return segments.slice(2);
  if (segments[0] === org && segments[1] === app) return segments.slice(2);
  return undefined;
}

function failure(cx: Context, status: number, error: string, description: string, started: number): Reply {
  return { status, body: errorBody(cx.readings, status, error, description, started, cx.now()) };
}

/** What every reply needs: the success envelope and the reading of bodies and query numbers. */
import { envelope, type AppIdentity, type CallInfo, type Reply } from '../envelope.js';
import type { Readings } from '../dialects.js';
import type { Mutate } from '../persistence.js';
import type { GroupStore } from '../store.js';
import type { TokenCheck, TokenIssuer } from '../tokens.js';
import { invalid } from '../wire-settings.js';

export interface RouteDeps {
  store: GroupStore;
  mutate: Mutate;
  app: AppIdentity;
  call: CallInfo;
  now: () => number;
  tokens: TokenIssuer;
  credentials: { clientId: string; clientSecret: string; tokenTtlSeconds: number };
  readings: Readings;
  /** The request's Bearer token, if any (the Agora exchange reads it). */
  bearer?: string;
  /** Checks an Agora app token; undefined when no App Certificate is configured. */
  checkAgora?: (token: string) => TokenCheck;
}

export function ok(deps: RouteDeps, fields: Record<string, unknown>): Reply {
  return { status: 200, body: envelope(deps.app, deps.call, deps.now(), fields) };
}

export function objectBody(body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw invalid('request body must be a JSON object');
  return body;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Missing or not a number: the default; the store clamps the range. */
export function intParam(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  const value = raw === null || raw === '' ? NaN : Number(raw);
  return Number.isFinite(value) ? Math.trunc(value) : fallback;
}

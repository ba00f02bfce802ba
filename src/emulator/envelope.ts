/**
 * The wire shapes around every answer: the success envelope the doc examples show
 * (action, application, applicationName, organization, uri, entities, data,
 * timestamp, duration, properties...) and the error body
 * `{error, exception, timestamp, duration, error_description}` (or a dialect's form).
 */
import { createHash } from 'node:crypto';
import { errorFields } from './dialect-wire.js';
import type { Readings } from './dialects.js';

/** Who the emulated app is. */
export interface AppIdentity {
  org: string;
  app: string;
  /** The app's uuid, as `application` shows it. */
  application: string;
}

/** One request, as far as the envelope needs it. */
export interface CallInfo {
  method: string;
  /** Absolute URL without the query, as `uri` shows it. */
  uri: string;
  query: URLSearchParams;
  started: number;
}

export interface Reply {
  status: number;
  body: unknown;
}

/** Stable per app, so answers do not change across restarts. */
export function appUuid(org: string, app: string): string {
  const hex = createHash('sha1').update(`app:${org}#${app}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The superset of the doc examples' envelope fields; `fields` adds `data`, `count`,
 * `cursor`, `total` or replaces `entities`. `params` echoes the query, as the list page shows.
 */
export function envelope(app: AppIdentity, call: CallInfo, now: number, fields: Record<string, unknown>): Record<string, unknown> {
  const params: Record<string, string[]> = {};
  for (const [key, value] of call.query) (params[key] ??= []).push(value);
  return {
    action: call.method.toLowerCase(),
    application: app.application,
    applicationName: app.app,
    organization: app.org,
    uri: call.uri,
    ...(Object.keys(params).length > 0 ? { params } : {}),
    entities: [],
    ...fields,
    timestamp: now,
    duration: Math.max(0, now - call.started),
    properties: {},
  };
}

/** The error body of the dialect, with the timing fields every answer carries. */
export function errorBody(readings: Readings, status: number, error: string, description: string, started: number, now: number): Record<string, unknown> {
  return { ...errorFields(readings, status, error, description), timestamp: now, duration: Math.max(0, now - started) };
}

/**
 * The debug log of HTTP calls: one entry per attempt, handed to a callback the caller
 * injects (TransportOptions.log). api/ reads no environment: the CLI decides whether to
 * log (GROUPCTL_LOG=debug, --debug) and where the lines go.
 *
 * An entry holds only what is safe to print: method, path (query included) with every
 * known secret masked by the transport's SecretSet, status or error code, time, attempt
 * number and what comes next. Headers and bodies are never part of it, so the
 * Authorization header and the token request's client secret cannot leak through it.
 */
import type { Attempt } from './attempt.js';
import { parseRetryAfter } from './retry.js';

/** What the transport does after an attempt. */
export type HttpNext =
  | { kind: 'done' }
  /** Another attempt follows after `delayMs`; `reason` says why the last one did not do. */
  | { kind: 'retry'; reason: string; delayMs: number }
  /** The call ends with an error. */
  | { kind: 'fail'; why: string };

/** One attempt of one call, as the debug log prints it. */
export interface HttpLogEntry {
  /** The call's short name (`create-group`, `get-groups`, `token`...). */
  call: string;
  method: string;
  /** Base path and call path, query included, secrets masked. */
  path: string;
  /** The answer's status; undefined when none came. */
  status: number | undefined;
  /** The network error code when no answer came (`ECONNRESET`, `DEADLINE`...). */
  code: string | undefined;
  /** Time on the wire, ms (the limiter's wait not included). */
  ms: number;
  /** 1 for the first attempt of the call. */
  attempt: number;
  next: HttpNext;
}

/** The callback the transport calls after every attempt; it must not throw. */
export type HttpLog = (entry: HttpLogEntry) => void;

/** The entry of an attempt; `path` must already be masked. */
export function httpLogEntry(call: string, method: string, path: string, attempt: Attempt, number: number, next: HttpNext): HttpLogEntry {
  return {
    call,
    method,
    path,
    status: attempt.kind === 'network' ? undefined : attempt.status,
    code: attempt.kind === 'network' ? attempt.code || 'no answer' : undefined,
    ms: Math.round(attempt.ms),
    attempt: number,
    next,
  };
}

/** Why an attempt did not do, in a few words: `429, Retry-After 2 s`, `503`, `ECONNRESET`. */
export function retryReason(attempt: Attempt, nowMs: number = Date.now()): string {
  if (attempt.kind === 'network') return attempt.code || 'no answer';
  if (attempt.kind === 'too-large') return `${attempt.status}, answer too large`;
  if (attempt.status !== 429 || attempt.retryAfter === undefined) return String(attempt.status);
  const wait = parseRetryAfter(attempt.retryAfter, nowMs);
  return `429, Retry-After ${wait === undefined ? attempt.retryAfter.slice(0, 40) : `${Math.ceil(wait / 1000)} s`}`;
}

/**
 * `http GET /org/app/chatgroups/228?limit=100 -> 200 in 12 ms (attempt 1)`, and after a
 * failed attempt what comes next: `; retry in 2.0 s: 429, Retry-After 2 s` or `; failed: ...`.
 */
export function formatHttpLog(entry: HttpLogEntry): string {
  const answer = entry.status !== undefined ? String(entry.status) : entry.code;
  const head = `http ${entry.method} ${entry.path} -> ${answer} in ${entry.ms} ms (${entry.call}, attempt ${entry.attempt})`;
  switch (entry.next.kind) {
    case 'done':
      return head;
    case 'retry':
      return `${head}; retry in ${(entry.next.delayMs / 1000).toFixed(1)} s: ${entry.next.reason}`;
    case 'fail':
      return `${head}; failed: ${entry.next.why}`;
  }
}

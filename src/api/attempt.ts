/**
 * One attempt of a call on the wire, and what it ended with: an answer (status, text,
 * parsed JSON, the Retry-After header), an answer too large to read, or a network failure
 * classified as sent or not (may the server have seen it?) and fatal or not (would
 * another attempt help?). The transport decides what to do with it; this file only sends
 * and classifies, so the retry loop never looks at an undici error code.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Pool } from 'undici';
import { DEADLINE, DeadlineError, readCapped } from './answer-limits.js';
import { sendOnPool } from './undici-pool.js';

export type Attempt =
  /**
   * `startedAt`: when the limiter let it go (its clock), to tell the limiter which 429 is
   * news; `answeredAt`: when the answer was read to the end (performance.now()).
   * Every kind carries `ms`, the time on the wire, for the debug log (http-log.ts).
   */
  | { kind: 'answer'; startedAt: number; answeredAt: number; ms: number; status: number; text: string; json: unknown; retryAfter: string | undefined }
  | { kind: 'too-large'; status: number; ms: number }
  | NetworkFailure;

export interface NetworkFailure {
  kind: 'network';
  /** undici's or Node's error code, DEADLINE, or '' when there is none. */
  code: string;
  cause: unknown;
  /** The request may have reached the server. */
  sent: boolean;
  /** Another attempt will not cure it: a bad host name, a certificate, or the deadline spent. */
  fatal: boolean;
  ms: number;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** What to send, as the transport built it. */
export interface AttemptRequest {
  method: Method;
  /** Full path: the base path and the call's path. */
  path: string;
  /** The Bearer to send; none when undefined. */
  token: string | undefined;
  /** Sent as JSON when defined. */
  body: unknown;
  /** The limiter's clock when it let this attempt go. */
  startedAt: number;
}

/** How long an attempt may take and how much of its answer is read. */
export interface AttemptLimits {
  deadlineMs: number;
  maxAnswerBytes: number;
}

/** Errors that mean the request never left: safe to repeat any call. */
const NOT_SENT = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
/** Errors another attempt will not cure. */
const FATAL = /^(ENOTFOUND|ERR_TLS|UND_ERR_INVALID_ARG)|CERT|SELF_SIGNED/;

/**
 * Send one request and read its answer within the deadline and the size cap. Never
 * throws for what the network or the server did: every ending is an Attempt.
 */
export async function sendAttempt(pool: Pool, request: AttemptRequest, limits: AttemptLimits): Promise<Attempt> {
  const { headers, body } = encodeRequest(request.token, request.body);
  let sent = false;
  const begun = performance.now();
  const controller = new AbortController();
  const deadline = setTimeout(() => controller.abort(new DeadlineError(limits.deadlineMs)), limits.deadlineMs);
  try {
    const response = await sendOnPool(pool, {
      path: request.path,
      method: request.method,
      headers,
      body,
      signal: controller.signal,
    });
    sent = true;
    const text = await readCapped(response.body, header(response.headers, 'content-length'), limits.maxAnswerBytes);
    const answeredAt = performance.now();
    if (text === undefined) return { kind: 'too-large', status: response.statusCode, ms: answeredAt - begun };
    return {
      kind: 'answer',
      startedAt: request.startedAt,
      answeredAt,
      ms: answeredAt - begun,
      status: response.statusCode,
      text,
      json: parseJson(text),
      retryAfter: header(response.headers, 'retry-after'),
    };
  } catch (cause) {
    const aborted = controller.signal.aborted;
    const failure = classifyFailure(aborted ? DEADLINE : errorCode(cause), aborted ? controller.signal.reason : cause, sent);
    return { ...failure, ms: performance.now() - begun };
  } finally {
    clearTimeout(deadline);
  }
}

/** Headers and JSON body of a request. */
function encodeRequest(token: string | undefined, json: unknown): { headers: Record<string, string>; body: string | undefined } {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (json === undefined) return { headers, body: undefined };
  headers['content-type'] = 'application/json';
  return { headers, body: JSON.stringify(json) };
}

/** A thrown error as a NetworkFailure; `sent`: the answer had begun to arrive. */
function classifyFailure(code: string, cause: unknown, sent: boolean): Omit<NetworkFailure, 'ms'> {
  // A deadline is not retried: the attempt already took the longest time we allow.
  return { kind: 'network', code, cause, sent: sent || !NOT_SENT.has(code), fatal: FATAL.test(code) || code === DEADLINE };
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The code of an undici or Node error, or of its cause; '' when neither has one. */
function errorCode(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  const causeCode = ((error as { cause?: { code?: unknown } })?.cause)?.code;
  return typeof code === 'string' ? code : typeof causeCode === 'string' ? causeCode : '';
}

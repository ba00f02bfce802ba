/**
 * The comment module's HTTP calls: JSON in, JSON out, over undici. It is kept apart from
 * the group API client (src/api/): another service, another token. It is as careful:
 * - one deadline for the whole command (every call and every wait shares it), so an
 *   answer that drips a byte every few seconds, or a host that keeps saying "retry",
 *   ends the run with an error instead of a hang;
 * - each attempt also has its own limit (headers, body idle, whole answer);
 * - 429 and 5xx are retried a few times, honouring Retry-After (capped), with a doubling
 *   backoff otherwise. GitHub's secondary rate limit answers 403 (or 429) with
 *   Retry-After or `x-ratelimit-remaining: 0` (REST docs, "Rate limits"): that 403 is a
 *   rate limit, not a refusal, and is retried too. No other 4xx is retried.
 * - A POST (a new comment) is not retried after a 500 or a lost answer: it may have been
 *   made, and a second would be a duplicate. 429, 502, 503, 504 were not processed.
 */
import { Agent, request } from 'undici';
import { redact } from '../api/index.js';
import { CommentApiError, type Method } from './errors.js';

export { CommentApiError, type Method } from './errors.js';

export interface JsonResponse {
  status: number;
  headers: Record<string, string>;
  json: unknown;
}

export interface HttpClient {
  send(method: Method, url: string, body?: unknown): Promise<JsonResponse>;
  close(): Promise<void>;
}

export interface HttpLimits {
  /** The whole command: every call, every retry and every wait. */
  deadlineMs: number;
  /** One attempt: from sending to the last byte of the answer. */
  attemptMs: number;
  /** Attempts in all, the first one included. */
  attempts: number;
  /** Longest wait before a retry (Retry-After above it is cut to it). */
  maxWaitMs: number;
}

export const DEFAULT_LIMITS: HttpLimits = { deadlineMs: 60_000, attemptMs: 30_000, attempts: 4, maxWaitMs: 10_000 };

const BASE_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 4_000;
/** Longest API answer quoted in an error. */
const QUOTE = 300;

interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/**
 * A client that sends `headers` (the credential among them) with every call. `secret` is
 * masked out of every error it builds: the token is never printed.
 */
export function createHttpClient(headers: Record<string, string>, secret: string, limits: HttpLimits = DEFAULT_LIMITS): HttpClient {
  const agent = new Agent({ headersTimeout: limits.attemptMs, bodyTimeout: limits.attemptMs, connectTimeout: limits.attemptMs });
  const mask = (text: string): string => redact(text, [secret]);
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), limits.deadlineMs);
  timer.unref();
  const started = Date.now();
  const left = (): number => limits.deadlineMs - (Date.now() - started);
  const attempt = (method: Method, url: string, body: unknown): Promise<Answer> =>
    sendOnce(agent, { method, url, headers, body }, AbortSignal.any([deadline.signal, AbortSignal.timeout(Math.max(1, Math.min(limits.attemptMs, left())))]));

  return {
    async send(method, url, body) {
      for (let n = 1; ; n += 1) {
        let answer: Answer;
        try {
          answer = await attempt(method, url, body);
        } catch (e) {
          const what = deadline.signal.aborted ? `no answer within the deadline of ${seconds(limits.deadlineMs)}` : `no answer (${noAnswerReason(e)})`;
          const error = new CommentApiError(mask(`${method} ${url}: ${what}`), 0, { method, url, detail: what, cause: e });
          if (deadline.signal.aborted || n >= limits.attempts || !mayRepeatLost(method, e)) throw error;
          await wait(backoff(n), left(), deadline.signal, error);
          continue;
        }
        if (answer.status < 400) return { status: answer.status, headers: answer.headers, json: parseJson(answer, method, url, mask) };
        const words = mask(quote(serverMessage(answer.text)));
        const error = new CommentApiError(mask(`${method} ${url} answered ${answer.status}: `) + words, answer.status, { method, url, detail: words });
        if (n >= limits.attempts || !isRetryable(method, answer)) throw error;
        const delay = retryDelay(answer.headers, n);
        if (delay > limits.maxWaitMs) {
          throw new CommentApiError(`${error.message} (it asks to wait ${seconds(delay)}, more than the ${seconds(limits.maxWaitMs)} groupctl waits)`, error.status, {
            method,
            url,
            detail: error.detail,
          });
        }
        await wait(delay, left(), deadline.signal, error);
      }
    },
    close: async () => {
      clearTimeout(timer);
      await agent.close();
    },
  };
}

async function sendOnce(agent: Agent, call: { method: Method; url: string; headers: Record<string, string>; body: unknown }, signal: AbortSignal): Promise<Answer> {
  const answer = await request(call.url, {
    method: call.method,
    dispatcher: agent,
    signal,
    headers: call.body === undefined ? call.headers : { ...call.headers, 'content-type': 'application/json' },
    body: call.body === undefined ? undefined : JSON.stringify(call.body),
  });
  const text = await answer.body.text();
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { status: answer.statusCode, headers: flat, text };
}

function isRetryable(method: Method, answer: Answer): boolean {
  const { status, headers } = answer;
  if (status === 429) return true;
  if (status === 403) return headers['retry-after'] !== undefined || headers['x-ratelimit-remaining'] === '0';
  if (status === 502 || status === 503 || status === 504) return true;
  return status >= 500 && method !== 'POST';
}

/** A lost answer is retried unless the call was a POST that may have reached the host. */
function mayRepeatLost(method: Method, e: unknown): boolean {
  if (method !== 'POST') return true;
  const code = (e as { code?: unknown })?.code;
  return code === 'ECONNREFUSED' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ENOTFOUND';
}

/**
 * Retry-After in seconds or as a date; else `x-ratelimit-reset` when the quota is spent;
 * else a doubling backoff. A wait longer than the cap is not cut short (the retry would
 * only meet another refusal): the caller gives up instead.
 */
function retryDelay(headers: Record<string, string>, n: number): number {
  const after = headers['retry-after']?.trim();
  let ms: number | undefined;
  if (after !== undefined && /^\d+(\.\d+)?$/.test(after)) ms = Number(after) * 1000;
  else if (after !== undefined && !Number.isNaN(Date.parse(after))) ms = Date.parse(after) - Date.now();
  else if (headers['x-ratelimit-remaining'] === '0' && /^\d+$/.test(headers['x-ratelimit-reset'] ?? '')) {
    ms = Number(headers['x-ratelimit-reset']) * 1000 - Date.now();
  }
  return Math.max(0, ms ?? backoff(n));
}

function backoff(n: number): number {
  return Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (n - 1));
}

/** Waits before a retry; a wait that would end past the deadline is not started: `error` is thrown at once. */
async function wait(ms: number, left: number, signal: AbortSignal, error: CommentApiError): Promise<void> {
  if (ms >= left || signal.aborted) {
    throw new CommentApiError(`${error.message} (no time left to retry before the command's deadline)`, error.status, {
      method: error.method,
      url: error.url,
      detail: error.detail,
      cause: error.cause,
    });
  }
  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
  if (signal.aborted) throw error;
}

function parseJson(answer: Answer, method: Method, url: string, mask: (t: string) => string): unknown {
  if (answer.text.trim() === '') return null;
  try {
    return JSON.parse(answer.text);
  } catch {
    throw new CommentApiError(mask(`${method} ${url} answered ${answer.status} with something that is not JSON: ${quote(answer.text)}`), answer.status, {
      method,
      url,
    });
  }
}

/** GitHub's `message` (and its `errors`), GitLab's `message` or `error`: the part of an error answer worth quoting. */
function serverMessage(text: string): string {
  try {
    const value = JSON.parse(text) as { message?: unknown; error?: unknown; errors?: unknown };
    const main = typeof value.message === 'string' ? value.message : value.message !== undefined ? JSON.stringify(value.message) : undefined;
    const extra = value.errors !== undefined ? ` ${JSON.stringify(value.errors)}` : '';
    const text_ = (main ?? (typeof value.error === 'string' ? value.error : undefined)) ?? undefined;
    return text_ !== undefined ? text_ + extra : text;
  } catch {
    return text;
  }
}

/** Why a request got no answer, in a few words: it timed out, or the network's error code and message. */
function noAnswerReason(e: unknown): string {
  const err = e as { code?: unknown; message?: unknown; name?: unknown };
  if (err?.name === 'TimeoutError' || err?.code === 'UND_ERR_HEADERS_TIMEOUT' || err?.code === 'UND_ERR_BODY_TIMEOUT') return 'timed out';
  return typeof err?.code === 'string' ? `${err.code}: ${String(err.message)}` : String(err?.message ?? e);
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > QUOTE ? `${flat.slice(0, QUOTE)}…` : flat || '(empty body)';
}

/** The rel="next" URL of an RFC 8288 Link header, as GitHub and GitLab send it. */
export function nextLink(link: string | undefined): string | undefined {
  for (const part of (link ?? '').split(',')) {
    const match = /<([^>]+)>\s*;(.*)/.exec(part.trim());
    if (match && /\brel="?([^";]*\s)?next(\s[^";]*)?"?/.test(match[2]!)) return match[1];
  }
  return undefined;
}

/** Plain http only to this machine: a token must not cross a network in clear text. */
export function checkApiUrl(raw: string, variable: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CommentApiError(`${variable} is not a URL: "${raw}"`, 0);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new CommentApiError(`${variable} must be an https:// URL (plain http only to 127.0.0.1), got "${raw}"`, 0);
  }
  return url;
}

/**
 * The one place where the transport policy lives: a keep-alive undici Pool per origin
 * with `concurrency` connections, a per-request timeout, the shared rate limiter before
 * every attempt (retries and the token call included), retries by the policy of retry.ts,
 * one token refresh on a 401, and ApiErrors that never carry a secret.
 *
 * Nothing a server sends is trusted to end: every attempt has an overall deadline (undici's
 * body timeout only bounds the gap between two chunks, so a body trickled a byte every few
 * seconds would never time out) and a cap on the answer's size, past which reading stops.
 */
import pLimit from 'p-limit';
import { Pool } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';
import type { TokenProvider } from './auth.js';
import type { BaseUrl } from './base-url.js';
import { AutoConcurrency, type ConcurrencySetting } from './concurrency.js';
import { DEADLINE, DEFAULT_DEADLINE_MS, DEFAULT_MAX_ANSWER_BYTES, DeadlineError, formatBytes, readCapped } from './answer-limits.js';
import { ApiError, type CallRef } from './errors.js';
import { RateLimiter } from './rate-limiter.js';
import { printable } from './printable.js';
import { SecretSet } from './redact.js';
import { decideRetry, defaultRetryPolicy, type AttemptOutcome, type AttemptState, type RetryPolicy } from './retry.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One call as the client describes it. */
export interface CallSpec {
  /** Short name for errors and stats: `create-group`, `add-admin`... */
  kind: string;
  method: Method;
  /** Relative to the base path, starting with `/`, segments already encoded, query included. */
  path: string;
  body?: unknown;
  /** False when doing it twice does the work twice (create group, register users). Default true. */
  safeToRepeat?: boolean;
  /** False for the token call itself. Default true. */
  authenticated?: boolean;
  /** A Bearer to send instead of the provider's (the Agora token exchange); no refresh on 401. */
  bearer?: string;
}

export interface TransportOptions {
  base: BaseUrl;
  /** Null: no Authorization header at all. */
  auth: TokenProvider | null;
  limiter: RateLimiter;
  /** Requests in flight at once, and pool connections; `auto` sizes it from the rate and the round trip (concurrency.ts). */
  concurrency: ConcurrencySetting;
  /** headersTimeout and bodyTimeout (the longest silence), ms. Default 30 s. */
  timeoutMs?: number;
  /** The longest one attempt may take, answer read to the end, ms. Default 120 s. */
  deadlineMs?: number;
  /** The largest answer read, bytes; past it the attempt fails and is not retried. Default 64 MiB. */
  maxAnswerBytes?: number;
  retry?: RetryPolicy;
  /** Known secrets; tokens join as they are used. */
  secrets?: SecretSet;
  /** Backoff sleep; tests shorten it. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface TransportStats {
  /** Attempts sent. */
  requests: number;
  /** Attempts beyond the first of each call. */
  retries: number;
  status429: number;
  /** Attempts per second from the first start to the last (0 for fewer than two). */
  requestsPerSecond: number;
  /** The configured rate limit, and the lowest rate 429s pushed the client down to. */
  rateLimit: number;
  lowestRate: number;
  /** Calls in flight at once at the end of the run (with `auto`, as last sized). */
  concurrency: number;
}

/** Errors that mean the request never left: safe to repeat any call. */
const NOT_SENT = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
/** Errors another attempt will not cure. */
const FATAL = /^(ENOTFOUND|ERR_TLS|UND_ERR_INVALID_ARG)|CERT|SELF_SIGNED/;
const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', DEADLINE]);
const MAX_DESCRIPTION = 500;


export class Transport {
  readonly base: BaseUrl;
  readonly secrets: SecretSet;
  private readonly pool: Pool;
  private readonly slots: ReturnType<typeof pLimit>;
  private readonly policy: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly counters = { requests: 0, retries: 0, status429: 0 };
  private readonly auto: AutoConcurrency | undefined;
  private firstStart: number | undefined;
  private lastStart = 0;
  private readonly deadlineMs: number;
  private readonly maxAnswerBytes: number;

  constructor(private readonly options: TransportOptions) {
    this.base = options.base;
    this.secrets = options.secrets ?? new SecretSet();
    const timeout = options.timeoutMs ?? 30_000;
    this.auto = options.concurrency === 'auto' ? new AutoConcurrency(options.limiter.rate) : undefined;
    // undici opens connections as calls need them; this is the most it keeps alive.
    this.pool = new Pool(options.base.origin, {
      connections: this.auto?.max ?? (options.concurrency as number),
      headersTimeout: timeout,
      bodyTimeout: timeout,
      connectTimeout: Math.min(timeout, 10_000),
    });
    this.slots = pLimit(this.auto?.current ?? (options.concurrency as number));
    this.policy = options.retry ?? defaultRetryPolicy;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
    this.maxAnswerBytes = options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
  }

  /** Calls the layers above may keep waiting at once: the fixed concurrency, or the most `auto` allows. */
  get maxConcurrency(): number {
    return this.auto?.max ?? (this.options.concurrency as number);
  }

  stats(): TransportStats {
    const span = this.firstStart === undefined ? 0 : this.lastStart - this.firstStart;
    const limiter = this.options.limiter;
    return {
      ...this.counters,
      requestsPerSecond: this.counters.requests > 1 && span > 0 ? ((this.counters.requests - 1) * 1000) / span : 0,
      rateLimit: limiter.rate,
      lowestRate: limiter.adaptiveStats()?.lowest ?? limiter.rate,
      concurrency: this.slots.concurrency,
    };
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  /** Make the call; resolves with the parsed JSON body of a 2xx answer. */
  async request<T>(spec: CallSpec): Promise<T> {
    const call: CallRef = { kind: spec.kind, method: spec.method, path: this.secrets.redact(spec.path) };
    const safeToRepeat = spec.safeToRepeat ?? true;
    const authenticated = (spec.authenticated ?? true) && this.options.auth !== null;
    const state: AttemptState = { throttled: 0, failed: 0 };
    let attempts = 0;
    let refreshed = spec.bearer !== undefined;
    if (spec.bearer !== undefined) this.secrets.add(spec.bearer);
    let token = spec.bearer ?? (authenticated ? await this.token() : undefined);

    for (;;) {
      attempts++;
      if (attempts > 1) this.counters.retries++;
      const attempt = await this.slots(() => this.attempt(spec, token));
      if (attempt.kind === 'too-large') {
        throw this.error(
          call,
          attempt.status,
          'answer_too_large',
          `the answer is larger than ${formatBytes(this.maxAnswerBytes)}; stopped reading it (no real answer is this large)`,
          // The request itself got through: a create may have happened.
          { attempts, ambiguous: !safeToRepeat },
        );
      }

      if (attempt.kind === 'answer' && attempt.status >= 200 && attempt.status < 300) {
        if (attempt.json !== undefined && typeof attempt.json === 'object' && attempt.json !== null) {
          return attempt.json as T;
        }
        throw this.error(call, attempt.status, 'bad_response', `answer is not JSON: ${snippet(attempt.text)}`, {
          attempts,
          ambiguous: !safeToRepeat,
        });
      }

      if (attempt.kind === 'answer' && attempt.status === 401 && token !== undefined && !refreshed) {
        refreshed = true;
        const fresh = await this.refresh(token);
        if (fresh !== token) {
          token = fresh;
          continue;
        }
      }

      let outcome: AttemptOutcome;
      if (attempt.kind === 'answer') {
        if (attempt.status === 429) {
          this.counters.status429++;
          state.throttled++;
          this.options.limiter.throttled(attempt.startedAt);
        } else {
          state.failed++;
        }
        outcome = { kind: 'status', status: attempt.status, retryAfter: attempt.retryAfter };
      } else {
        state.failed++;
        // A deadline is not retried: the attempt already took the longest time we allow.
        if (attempt.fatal || attempt.code === DEADLINE) throw this.networkError(call, attempt, attempts, attempt.sent && !safeToRepeat);
        outcome = { kind: 'network', sent: attempt.sent };
      }

      const decision = decideRetry(this.policy, outcome, state, safeToRepeat, this.random);
      if (decision.retry) {
        await this.sleep(decision.delayMs);
        continue;
      }
      if (attempt.kind === 'network') throw this.networkError(call, attempt, attempts, decision.ambiguous);
      const body = errorBody(attempt.json);
      throw this.error(
        call,
        attempt.status,
        body.error ?? `http_${attempt.status}`,
        body.description ?? (snippet(attempt.text) || `HTTP ${attempt.status}`),
        { attempts, ambiguous: decision.ambiguous },
      );
    }
  }

  private async token(): Promise<string> {
    const token = await this.options.auth!.token();
    this.secrets.add(token);
    return token;
  }

  private async refresh(stale: string): Promise<string> {
    const token = await this.options.auth!.refresh(stale);
    this.secrets.add(token);
    return token;
  }

  private async attempt(spec: CallSpec, token: string | undefined): Promise<Attempt> {
    const startedAt = await this.options.limiter.acquire();
    this.counters.requests++;
    this.firstStart ??= startedAt;
    this.lastStart = startedAt;
    const sentAt = performance.now();
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (spec.body !== undefined) {
      body = JSON.stringify(spec.body);
      headers['content-type'] = 'application/json';
    }
    let sent = false;
    const controller = new AbortController();
    const deadline = setTimeout(() => controller.abort(new DeadlineError(this.deadlineMs)), this.deadlineMs);
    try {
      const response = await this.pool.request({
        path: this.base.basePath + spec.path,
        method: spec.method,
        headers,
        body,
        signal: controller.signal,
      });
      sent = true;
      const text = await readCapped(response.body, header(response.headers, 'content-length'), this.maxAnswerBytes);
      if (text === undefined) return { kind: 'too-large', status: response.statusCode };
      if (this.auto) {
        const answeredAt = performance.now();
        this.slots.concurrency = this.auto.observe(answeredAt - sentAt, answeredAt);
      }
      return {
        kind: 'answer',
        startedAt,
        status: response.statusCode,
        text,
        json: parseJson(text),
        retryAfter: header(response.headers, 'retry-after'),
      };
    } catch (cause) {
      const code = controller.signal.aborted ? DEADLINE : errorCode(cause);
      return {
        kind: 'network',
        code,
        cause: controller.signal.aborted ? controller.signal.reason : cause,
        sent: sent || !NOT_SENT.has(code),
        fatal: FATAL.test(code),
      };
    } finally {
      clearTimeout(deadline);
    }
  }

  private error(
    call: CallRef,
    status: number,
    code: string,
    description: string,
    options: { attempts: number; ambiguous: boolean; cause?: unknown },
  ): ApiError {
    // Server words are made printable first: a secret split by control characters is whole again for redact.
    const words = (text: string) => this.secrets.redact(printable(text));
    return new ApiError(status, truncate(words(code), 100), truncate(words(description)), call, options);
  }

  private networkError(call: CallRef, attempt: NetworkFailure, attempts: number, ambiguous: boolean): ApiError {
    const timeout = TIMEOUTS.has(attempt.code);
    const message = attempt.cause instanceof Error ? attempt.cause.message : String(attempt.cause);
    const what =
      attempt.code === DEADLINE
        ? `no complete answer within ${Math.round(this.deadlineMs / 100) / 10} s (the longest a call may take)`
        : timeout
          ? 'timed out'
          : `connection failed (${attempt.code || 'unknown'}: ${message})`;
    const tail = ambiguous ? '; the call may or may not have taken effect' : '';
    return this.error(call, 0, timeout ? 'timeout' : 'network', `${what} after ${attempts} attempt(s)${tail}`, {
      attempts,
      ambiguous,
      cause: attempt.cause,
    });
  }
}

type Attempt =
  /** `startedAt`: when the limiter let it go (its clock), to tell the limiter which 429 is news. */
  | { kind: 'answer'; startedAt: number; status: number; text: string; json: unknown; retryAfter: string | undefined }
  | { kind: 'too-large'; status: number }
  | NetworkFailure;


interface NetworkFailure {
  kind: 'network';
  code: string;
  cause: unknown;
  sent: boolean;
  fatal: boolean;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Both error body forms (FACTS.md): `error` + `error_description` (the doc pages, the Java
 * SDKs) and a numeric `error_code` + `desc` (what the web SDK reads).
 */
function errorBody(json: unknown): { error?: string; description?: string } {
  if (typeof json !== 'object' || json === null) return {};
  const body = json as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined);
  const error = text(body.error) ?? text(body.error_code);
  const description = text(body.error_description) ?? text(body.desc) ?? text(body.exception) ?? text(body.message);
  return { ...(error ? { error } : {}), ...(description ? { description } : {}) };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  const causeCode = ((error as { cause?: { code?: unknown } })?.cause)?.code;
  return typeof code === 'string' ? code : typeof causeCode === 'string' ? causeCode : '';
}

function snippet(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function truncate(text: string, max = MAX_DESCRIPTION): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * The one place where the transport policy lives: a keep-alive undici Pool per origin
 * with `concurrency` connections, a per-request timeout, the shared rate limiter before
 * every attempt (retries and the token call included), retries by the policy of retry.ts,
 * one token refresh on a 401, and ApiErrors that never carry a secret. One attempt on the
 * wire and what it ended with is attempt.ts; the errors are built by build-errors.ts; each
 * attempt is told to an injected log (http-log.ts), when there is one.
 *
 * Nothing a server sends is trusted to end: every attempt has an overall deadline (undici's
 * body timeout only bounds the gap between two chunks, so a body trickled a byte every few
 * seconds would never time out) and a cap on the answer's size, past which reading stops.
 */
import type { Pool } from 'undici';
import type { TokenProvider } from './auth.js';
import type { BaseUrl } from './base-url.js';
import { AutoConcurrency, type ConcurrencySetting } from './auto-concurrency.js';
import { DEFAULT_DEADLINE_MS, DEFAULT_MAX_ANSWER_BYTES } from './answer-limits.js';
import { sendAttempt, type Attempt, type AttemptLimits, type Method } from './attempt.js';
import { buildNetworkError, buildNotJsonError, buildStatusError, buildTooLargeError, type FailedCall } from './build-errors.js';
import type { ApiCall } from './calls.js';
import { acquireBudgets, budgetOf, type Budgets } from './api-rates.js';
import { StartWindow } from './start-window.js';
import { buildExhaustedError, ThrottleStreak } from './throttle-streak.js';
import { SecretSet } from './redact.js';
import { decideRetry, defaultRetryPolicy, type AttemptOutcome, type AttemptState, type RetryPolicy } from './retry.js';
import { callPriority } from './priority.js';
import { CallGate } from './call-gate.js';
import { createPool } from './undici-pool.js';
import { httpLogEntry, retryReason, type HttpLog, type HttpNext } from './http-log.js';
import type { TransportStats } from './transport-stats.js';
export type { TransportStats } from './transport-stats.js';

/** One call and how to send it. */
export interface ApiRequest extends ApiCall {
  body?: unknown;
  /** False when doing it twice does the work twice (create group, register users). Default true. */
  safeToRepeat?: boolean;
  /** False for the token call itself. Default true. */
  authenticated?: boolean;
  /** A Bearer to send instead of the provider's (the Agora token exchange); no refresh on 401. */
  bearer?: string;
}

/** `limiter` before every attempt, and an API's own from `apiLimiters` (api-rates.ts). */
export interface TransportOptions extends Budgets {
  base: BaseUrl;
  /** Null: no Authorization header at all. */
  auth: TokenProvider | null;
  /** Requests in flight at once, and pool connections; `auto` sizes it from the rate and the round trip (auto-concurrency.ts). */
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
  /** Told of every attempt: the debug log (http-log.ts); none by default. */
  log?: HttpLog;
  /** Backoff sleep; tests shorten it. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** One call across its attempts. */
interface CallRun {
  call: ApiCall;
  safeToRepeat: boolean;
  state: AttemptState;
  attempts: number;
  /** The one refresh on a 401 is used up (or not wanted: a Bearer given by the caller). */
  refreshed: boolean;
  token: string | undefined;
}

export class Transport {
  readonly base: BaseUrl;
  readonly secrets: SecretSet;
  private readonly pool: Pool;
  private readonly gate: CallGate;
  private readonly policy: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly counters = { requests: 0, retries: 0, status429: 0 };
  private readonly auto: AutoConcurrency | undefined;
  private readonly starts = new StartWindow();
  /** The run's 429s in a row: the stop when they do not go away (throttle-streak.ts). */
  private readonly streak: ThrottleStreak;
  private readonly limits: AttemptLimits;

  constructor(private readonly options: TransportOptions) {
    this.base = options.base;
    this.secrets = options.secrets ?? new SecretSet();
    const timeout = options.timeoutMs ?? 30_000;
    this.auto = options.concurrency === 'auto' ? new AutoConcurrency(options.limiter.rate) : undefined;
    // undici opens connections as calls need them; this is the most it keeps alive.
    const connections = this.auto?.max ?? (options.concurrency as number);
    this.pool = createPool(options.base.origin, { connections, headersTimeout: timeout, bodyTimeout: timeout, connectTimeout: Math.min(timeout, 10_000) });
    this.gate = new CallGate(this.auto?.current ?? (options.concurrency as number));
    this.policy = options.retry ?? defaultRetryPolicy;
    this.streak = new ThrottleStreak(this.policy.exhaustedAfter429s);
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.limits = { deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS, maxAnswerBytes: options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES };
  }

  /** The most calls this transport puts in flight at once: the fixed concurrency, or the most `auto` allows. */
  get maxInFlight(): number {
    return this.auto?.max ?? (this.options.concurrency as number);
  }
  /** The calls it puts in flight now: the fixed concurrency, or what `auto` sized last. */
  readonly inFlightNow = (): number => this.gate.concurrency;

  /** What the run cost on the wire, for the summary line and the benchmark. */
  stats(): TransportStats {
    const limiter = this.options.limiter;
    return {
      ...this.counters,
      ...this.starts.figures(),
      rateLimit: limiter.rate,
      lowestRate: limiter.adaptiveStats()?.lowest ?? limiter.rate,
      concurrency: this.gate.concurrency,
    };
  }

  /** Closes the pool's keep-alive connections, so the process can end. */
  close = (): Promise<void> => this.pool.close();

  /** Make the call; resolves with the parsed JSON body of a 2xx answer. */
  async request<T>(spec: ApiRequest): Promise<T> {
    const priority = callPriority();
    const run = await this.startCall(spec);
    for (;;) {
      const stop = this.streak.exhausted;
      if (stop !== undefined) throw buildExhaustedError(this.failed(run, false), stop);
      run.attempts++;
      if (run.attempts > 1) this.counters.retries++;
      const attempt = await this.gate.run(() => this.attempt(spec, run.token, priority), priority);
      if (attempt.kind === 'too-large') {
        this.log(run, attempt, { kind: 'fail', why: 'answer too large' });
        // The request itself got through: a create may have happened.
        throw buildTooLargeError(this.failed(run, !run.safeToRepeat), attempt.status, this.limits.maxAnswerBytes);
      }
      if (attempt.kind === 'answer' && attempt.status !== 429) this.streak.answered();
      if (attempt.kind === 'answer' && attempt.status >= 200 && attempt.status < 300) {
        this.log(run, attempt, { kind: 'done' });
        return this.readSuccess<T>(attempt, run);
      }
      if (attempt.kind === 'answer' && (await this.renewedAfter401(attempt.status, run))) {
        this.log(run, attempt, { kind: 'retry', reason: '401, with a fresh token', delayMs: 0 });
        continue;
      }
      const decision = decideRetry(this.policy, this.countFailure(attempt, run), { ...run.state, quotaSpent: this.streak.budgetSpent }, run.safeToRepeat, this.random);
      if (this.options.log !== undefined) this.log(run, attempt, decision.retry ? { kind: 'retry', reason: retryReason(attempt), delayMs: decision.delayMs } : { kind: 'fail', why: decision.why });
      if (decision.retry) {
        await this.sleep(this.streak.exhausted ? 0 : decision.delayMs);
        continue;
      }
      const at = { ...this.failed(run, decision.ambiguous), ...(decision.retryable ? { stopped: decision.why } : {}) };
      if (attempt.kind === 'answer') this.streak.budgetSpent ||= attempt.status === 429;
      throw attempt.kind === 'network'
        ? buildNetworkError(at, attempt, this.limits.deadlineMs)
        : buildStatusError(at, attempt.status, attempt.json, attempt.text);
    }
  }

  /** The debug log's entry of an attempt, built only when a log is wanted (a retry's reason re-reads Retry-After; the path was masked at the call's start). */
  private log(run: CallRun, attempt: Attempt, next: HttpNext): void {
    this.options.log?.(httpLogEntry(run.call.kind, run.call.method, this.base.basePath + run.call.path, attempt, run.attempts, next));
  }

  /** The call's reference for errors (path redacted) and its first token. */
  private async startCall(spec: ApiRequest): Promise<CallRun> {
    const call: ApiCall = { kind: spec.kind, method: spec.method, path: this.secrets.redact(spec.path) };
    const authenticated = (spec.authenticated ?? true) && this.options.auth !== null;
    if (spec.bearer !== undefined) this.secrets.add(spec.bearer);
    const token = spec.bearer ?? (authenticated ? await this.token() : undefined);
    const state: AttemptState = { throttled: 0, failed: 0 };
    return { call, safeToRepeat: spec.safeToRepeat ?? true, state, attempts: 0, refreshed: spec.bearer !== undefined, token };
  }

  private failed = (run: CallRun, ambiguous: boolean): FailedCall => ({ call: run.call, secrets: this.secrets, attempts: run.attempts, ambiguous });

  /** A 2xx answer must be a JSON object; anything else may still have done the work. */
  private readSuccess<T>(attempt: Extract<Attempt, { kind: 'answer' }>, run: CallRun): T {
    if (typeof attempt.json === 'object' && attempt.json !== null) return attempt.json as T;
    throw buildNotJsonError(this.failed(run, !run.safeToRepeat), attempt.status, attempt.text);
  }

  /** The first 401 of a call refreshes the token once; true when there is a fresh one to try. */
  private async renewedAfter401(status: number, run: CallRun): Promise<boolean> {
    if (status !== 401 || run.token === undefined || run.refreshed) return false;
    run.refreshed = true;
    const fresh = await this.refresh(run.token);
    if (fresh === run.token) return false;
    run.token = fresh;
    return true;
  }

  /**
   * Count a failed attempt for the retry budget (and a 429 for the limiter and the stats)
   * and say what it ended with; a failure no attempt cures ends the call here.
   */
  private countFailure(attempt: Exclude<Attempt, { kind: 'too-large' }>, run: CallRun): AttemptOutcome {
    if (attempt.kind === 'network') {
      run.state.failed++;
      if (attempt.fatal) {
        this.log(run, attempt, { kind: 'fail', why: `${retryReason(attempt)} is not retried` });
        throw buildNetworkError(this.failed(run, attempt.sent && !run.safeToRepeat), attempt, this.limits.deadlineMs);
      }
      return { kind: 'network', sent: attempt.sent };
    }
    if (attempt.status === 429) {
      this.counters.status429++;
      run.state.throttled++;
      this.streak.throttledOn(budgetOf(this.options, run.call.kind), attempt.startedAt);
    } else {
      run.state.failed++;
    }
    return { kind: 'status', status: attempt.status, retryAfter: attempt.retryAfter };
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

  /** One attempt through the limiter; its round trip sizes `auto` concurrency. */
  private async attempt(spec: ApiRequest, token: string | undefined, priority: number): Promise<Attempt> {
    const startedAt = await acquireBudgets(this.options, spec.kind, priority);
    this.counters.requests++;
    this.starts.record(startedAt);
    const sentAt = performance.now();
    const path = this.base.basePath + spec.path;
    const attempt = await sendAttempt(this.pool, { method: spec.method, path, token, body: spec.body, startedAt }, this.limits);
    if (attempt.kind === 'answer' && this.auto) {
      this.gate.concurrency = this.auto.observe(attempt.answeredAt - sentAt, attempt.answeredAt);
    }
    return attempt;
  }
}

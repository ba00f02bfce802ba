/**
 * When to try a call again, and how long to wait first. One small policy object and one
 * pure decision function; the transport carries it out.
 *
 * Rules (FACTS.md, Errors): 429 is the rate limit and never took effect, so it is always
 * retried, with a larger budget than other failures; 5xx, resets and timeouts may have
 * taken effect, so a call that is not safe to repeat (create group, register users) is
 * not retried after one and the error says it is ambiguous.
 */

export interface RetryPolicy {
  /** Attempts in all (first one included) while failures are 5xx or network errors. */
  maxAttempts: number;
  /** Attempts in all while failures are 429s: a 429 storm must still finish every call. */
  maxAttempts429: number;
  /** First backoff ceiling; doubled per attempt, with full jitter. */
  baseDelayMs: number;
  /** Largest backoff ceiling. */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the call fails instead. */
  maxRetryAfterMs: number;
  /**
   * Statuses worth another attempt; every other status ends the call (a 401 is refreshed
   * once by the transport, not here).
   */
  retryStatuses: readonly number[];
  /** 429s in a row, all calls together, at the adaptive rate's floor, after which the run stops (throttle-streak.ts); default 10. */
  exhaustedAfter429s?: number;
}

export const defaultRetryPolicy = {
  maxAttempts: 4,
  maxAttempts429: 20,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  retryStatuses: [429, 500, 502, 503, 504],
} as const satisfies RetryPolicy;

/** What one attempt ended with. */
export type AttemptOutcome =
  | { kind: 'status'; status: number; retryAfter?: string | undefined }
  /** No (complete) answer. `sent`: the request may have reached the server. */
  | { kind: 'network'; sent: boolean };

export type RetryDecision =
  | { retry: true; delayMs: number }
  /**
   * `why` in words for the debug log and, when `retryable` (a failure groupctl retries, or
   * would were the call safe to repeat), for the error message: why it stopped retrying.
   */
  | { retry: false; ambiguous: boolean; why: string; retryable: boolean };

/** Counts include the attempt that just failed. */
export interface AttemptState {
  /** Attempts made so far that ended in 429. */
  throttled: number;
  /** Attempts made so far that ended otherwise (5xx, network). */
  failed: number;
  /**
   * Set by the transport while the run's 429s look like a quota, not a rate: one call
   * already spent its whole 429 budget and no call has had another answer since. A 429
   * then ends the call at once (FACTS.md: a 429 may be the free edition's quota used up,
   * which no wait cures), instead of every call waiting its own minute.
   */
  quotaSpent?: boolean;
}

/**
 * Decide after a failed attempt. `safeToRepeat` is false for calls that would do their
 * work twice (create group, register users). `random` in [0, 1) and `nowMs` (wall clock,
 * for a Retry-After date) are injected so tests are exact.
 */
export function decideRetry(
  policy: RetryPolicy,
  outcome: AttemptOutcome,
  state: AttemptState,
  safeToRepeat: boolean,
  random: () => number = Math.random,
  nowMs: number = Date.now(),
): RetryDecision {
  if (outcome.kind === 'network') {
    if (outcome.sent && !safeToRepeat) {
      return { retry: false, ambiguous: true, why: 'not retried: the call is not safe to repeat, and may or may not have taken effect', retryable: true };
    }
    if (state.failed >= policy.maxAttempts) return giveUp(state, `the most groupctl makes while calls fail`);
    return { retry: true, delayMs: backoff(policy, state.failed - 1, random) };
  }

  const { status } = outcome;
  if (!policy.retryStatuses.includes(status)) {
    return { retry: false, ambiguous: false, why: `status ${status} is not retried`, retryable: false };
  }
  const throttled = status === 429;
  // A 5xx may come after the server did the work; a 429 never took effect.
  if (!throttled && !safeToRepeat) {
    return { retry: false, ambiguous: true, why: `not retried: a ${status} to a call that is not safe to repeat may have done its work`, retryable: true };
  }
  if (throttled && state.quotaSpent === true) {
    return giveUp(state, 'an earlier call met 429 on every attempt and no call has had another answer since (rate limit or quota exhausted)');
  }
  const used = throttled ? state.throttled : state.failed;
  if (throttled && used >= policy.maxAttempts429) return giveUp(state, `the most groupctl makes while the server answers 429`);
  if (!throttled && used >= policy.maxAttempts) return giveUp(state, `the most groupctl makes while calls fail`);
  const hinted = parseRetryAfter(outcome.retryAfter, nowMs);
  if (hinted !== undefined && hinted > policy.maxRetryAfterMs) {
    return giveUp(state, `the server asks to wait ${seconds(hinted)}, more than the ${seconds(policy.maxRetryAfterMs)} groupctl waits`);
  }
  return { retry: true, delayMs: hinted ?? backoff(policy, used - 1, random) };
}

/** Full jitter: uniform in [0, min(max, base * 2^n)). */
export function backoff(policy: RetryPolicy, retryIndex: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retryIndex));
  return Math.floor(random() * ceiling);
}

/** Retry-After as delta-seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** The attempts of this call so far, and why there is no next one. */
function giveUp(state: AttemptState, reason: string): RetryDecision {
  const attempts = state.throttled + state.failed;
  return { retry: false, ambiguous: false, why: `gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${reason}`, retryable: true };
}

function seconds(ms: number): string {
  return `${Math.ceil(ms / 1000)} s`;
}

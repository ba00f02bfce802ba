/**
 * A 429 that does not go away (issue 21). FACTS.md: the same 429 is the rate limit or the
 * free edition's quota used up, and no wait cures a quota. The run's 429 answers in a row
 * (no other answer between them, whichever call they came to) are counted; once `limit`
 * of them came while the limiter had yielded all it can (its floor), the run stops: the
 * call that met the last one and every later call fail at once, without a request,
 * instead of each call waiting out its own minute of retries. Any other answer ends the
 * streak and the stop (the budget is back).
 *
 * The wait is bounded by the streak, not by the calls: the adaptive rate reaches its floor
 * after about nine 429s (0.7 each time, down to 5% of the ceiling), so a run ends after
 * about `limit` + 9 answers of 429, a few seconds with calls in parallel and about half a
 * minute at most for one call retried alone (its backoff, up to 8 s a retry).
 *
 * Also kept here: `budgetSpent`, one call having spent its whole 429 budget with no other
 * answer since (a fixed rate never reaches a floor): later calls then stop at their first 429.
 */
import { buildApiError, type FailedCall } from './build-errors.js';
import type { ApiError } from './errors.js';
import type { RateLimiter } from './rate-limiter.js';

/** 429s in a row at the lowest rate after which the run stops. */
export const DEFAULT_EXHAUSTED_AFTER = 10;

export interface Exhaustion {
  /** 429 answers in a row, all calls together. */
  inRow: number;
  /** Of them, the ones that came at the lowest rate. */
  atFloor: number;
  /** Requests per second in force when the run stopped. */
  rate: number;
  /** Seconds from the streak's first 429 to its last. */
  seconds: number;
}

export class ThrottleStreak {
  private inRow = 0;
  private atFloor = 0;
  private startedAt = 0;
  private stop: Exhaustion | undefined;
  /** See the file's opening comment. */
  budgetSpent = false;

  constructor(
    private readonly limit: number = DEFAULT_EXHAUSTED_AFTER,
    private readonly now: () => number = Date.now,
  ) {}

  /** Set once the streak is long enough at the lowest rate; undefined again after any other answer. */
  get exhausted(): Exhaustion | undefined {
    return this.stop;
  }

  /** A 429 came; `atLowestRate` and `rate` as the limiter stands after lowering for it. */
  throttled(atLowestRate: boolean, rate: number): void {
    if (this.inRow === 0) this.startedAt = this.now();
    this.inRow++;
    if (atLowestRate) this.atFloor++;
    if (this.stop === undefined && this.atFloor >= this.limit) {
      this.stop = { inRow: this.inRow, atFloor: this.atFloor, rate, seconds: Math.round((this.now() - this.startedAt) / 1000) };
    }
  }

  /** A 429 to a call of `limiter`'s budget, started at `startedAt`: the limiter yields, then the streak counts it. */
  throttledOn(limiter: RateLimiter, startedAt: number): void {
    limiter.throttled(startedAt);
    this.throttled(limiter.atLowestRate(), limiter.currentRate());
  }

  /** Any answer but a 429. */
  answered(): void {
    this.inRow = 0;
    this.atFloor = 0;
    this.stop = undefined;
    this.budgetSpent = false;
  }
}

/** The error of every call the stop ends: the count, the reading, and what to check. */
export function buildExhaustedError(at: FailedCall, stop: Exhaustion): ApiError {
  const rate = Math.round(stop.rate * 10) / 10;
  return buildApiError(
    at,
    429,
    'rate_limit_exhausted',
    `rate limit or quota exhausted: ${stop.inRow} answers in a row were 429 over ${stop.seconds} s, the last ${stop.atFloor} at groupctl's lowest rate (${rate} requests/s); ` +
      'the run stops here rather than wait longer. Check the app\'s call quota and edition in the console (a used-up free-edition quota answers 429 to every call) ' +
      'and whether the app\'s own clients use its whole rate limit; then run again later, or with a lower --rate-limit',
  );
}

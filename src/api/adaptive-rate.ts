/**
 * The rate the client allows itself, lowered when the server answers 429 and raised again
 * slowly (additive increase, multiplicative decrease, as TCP does). The API's limit is
 * shared with the app's own client traffic (FACTS.md "Rate limits"): a drift check must
 * not crowd out production requests, so a 429 means "someone else needs part of this".
 *
 * One 429 lowers the rate once: answers to requests sent before the last decrease say
 * nothing about the new rate, so they are not counted again. Pure logic on an injected
 * clock; the rate limiter asks it for the rate in force.
 */

export interface AdaptiveRateOptions {
  /** The configured limit: the rate never goes above it. */
  ceiling: number;
  /** Factor applied on a 429, in (0, 1). Default 0.7. */
  decrease?: number;
  /** Requests/s regained per second without a 429. Default 2% of the ceiling, at least 0.5. */
  recoverPerSecond?: number;
  /** The rate never goes below this. Default 5% of the ceiling, at least 1 (or the ceiling if lower). */
  floor?: number;
}

export interface AdaptiveRateStats {
  /** The configured limit. */
  ceiling: number;
  /** The lowest rate the client went down to. */
  lowest: number;
  /** How many times a 429 lowered the rate. */
  decreases: number;
}

export class AdaptiveRate {
  readonly ceiling: number;
  private readonly factor: number;
  private readonly recover: number;
  private readonly floor: number;
  /** The rate right after the last decrease, and when that was (ms, the limiter's clock). */
  private base: number;
  private since = Number.NEGATIVE_INFINITY;
  private lowest: number;
  private decreases = 0;

  constructor(options: AdaptiveRateOptions) {
    if (!Number.isFinite(options.ceiling) || options.ceiling <= 0) {
      throw new RangeError(`rate limit must be a positive number of requests per second, got ${options.ceiling}`);
    }
    this.ceiling = options.ceiling;
    this.factor = options.decrease ?? 0.7;
    this.recover = options.recoverPerSecond ?? Math.max(0.5, options.ceiling * 0.02);
    this.floor = Math.min(options.ceiling, options.floor ?? Math.max(1, options.ceiling * 0.05));
    this.base = options.ceiling;
    this.lowest = options.ceiling;
  }

  /** The rate in force at `now`: back up by `recoverPerSecond` for every second since the last decrease. */
  rateAt(now: number): number {
    if (this.base >= this.ceiling) return this.ceiling;
    return Math.min(this.ceiling, this.base + (this.recover * Math.max(0, now - this.since)) / 1000);
  }

  /**
   * A request started at `sentAt` was answered 429 at `now`. Lowers the rate unless the
   * request went out before the last decrease; returns whether it lowered.
   */
  throttled(sentAt: number, now: number): boolean {
    if (sentAt < this.since) return false;
    this.base = Math.max(this.floor, this.rateAt(now) * this.factor);
    this.since = now;
    this.lowest = Math.min(this.lowest, this.base);
    this.decreases += 1;
    return true;
  }

  /** True when the last decrease went as low as the rate goes: yielding further is not possible. */
  atFloor(): boolean {
    return this.base <= this.floor;
  }

  stats(): AdaptiveRateStats {
    return { ceiling: this.ceiling, lowest: this.lowest, decreases: this.decreases };
  }
}

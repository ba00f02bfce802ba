/**
 * The rate the client allows itself, lowered when the server answers 429 and raised again
 * slowly (additive increase, multiplicative decrease, as TCP does). The API's limit is
 * shared with the app's own client traffic (FACTS.md "Rate limits"): a drift check must
 * not crowd out production requests, so a 429 means "someone else needs part of this".
 *
 * One 429 lowers the rate once: answers to requests sent before the last decrease say
 * nothing about the new rate, so they are not counted again. Pure logic on an injected
 * clock; the rate limiter asks it for the rate in force.
 *
 * The way back up has three speeds, after TCP CUBIC: quickly to 90% of the rate the 429
 * came at, slowly (a quarter of the speed) across the last 10% where the limit was met,
 * and quickly again past it, in case the app's own traffic has gone. A linear climb would
 * run into the limit again every few seconds; each time, the app's requests are refused
 * until a 429 reaches groupctl too, and the rate drops to 70% (bench: fewer 429s and a
 * higher average rate).
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
  /** The rate in force when the last 429 came: where the limit was met. */
  private limitMet: number;
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
    this.limitMet = options.ceiling;
    this.lowest = options.ceiling;
  }

  /**
   * The rate in force at `now`: back up by `recoverPerSecond` for every second since the
   * last decrease, at a quarter of that between 90% and 100% of the rate the limit was met at.
   */
  rateAt(now: number): number {
    if (this.base >= this.ceiling) return this.ceiling;
    const seconds = Math.max(0, now - this.since) / 1000;
    const slow = this.recover / 4;
    const knee = Math.max(this.base, this.limitMet * 0.9);
    const plateau = Math.max(knee, this.limitMet);
    const toKnee = (knee - this.base) / this.recover;
    if (seconds <= toKnee) return Math.min(this.ceiling, this.base + this.recover * seconds);
    const toPlateauEnd = toKnee + (plateau - knee) / slow;
    if (seconds <= toPlateauEnd) return Math.min(this.ceiling, knee + slow * (seconds - toKnee));
    return Math.min(this.ceiling, plateau + this.recover * (seconds - toPlateauEnd));
  }

  /**
   * A request started at `sentAt` was answered 429 at `now`. Lowers the rate unless the
   * request went out before the last decrease; returns whether it lowered.
   */
  throttled(sentAt: number, now: number): boolean {
    if (sentAt < this.since) return false;
    this.limitMet = this.rateAt(now);
    this.base = Math.max(this.floor, this.limitMet * this.factor);
    this.since = now;
    this.lowest = Math.min(this.lowest, this.base);
    this.decreases += 1;
    return true;
  }

  stats(): AdaptiveRateStats {
    return { ceiling: this.ceiling, lowest: this.lowest, decreases: this.decreases };
  }
}

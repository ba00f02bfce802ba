/**
 * One limiter shared by every call of a run (the API allows 100 requests/s per app,
 * FACTS.md). A token bucket keeps bursts small; a log of the last `rate` start times
 * makes sure no 1-second window ever holds more than `rate` starts, which a bucket alone
 * does not (it allows burst + rate). Waiters are served first come, first served, by one
 * timer for the head of the queue.
 *
 * The timer is deliberately not unref'd: it exists only while a caller awaits a token,
 * and an unref'd timer would let Node exit with that work half done. An idle limiter
 * holds no timer at all.
 */
import { systemClock, type Clock } from './clock.js';

export interface RateLimiterOptions {
  /** Requests per second, > 0. */
  rate: number;
  /** Starts allowed back to back; default max(1, rate / 10). */
  burst?: number;
  clock?: Clock;
}

export const DEFAULT_RATE = 100;

export class RateLimiter {
  readonly rate: number;
  readonly burst: number;
  private readonly clock: Clock;
  private tokens: number;
  private refilledAt: number;
  /** Start times of the last `window.length` grants, as a ring. */
  private readonly window: number[] = [];
  private windowHead = 0;
  private readonly waiters: Array<() => void> = [];
  private pumping = false;

  constructor(options: RateLimiterOptions) {
    if (!Number.isFinite(options.rate) || options.rate <= 0) {
      throw new RangeError(`rate limit must be a positive number of requests per second, got ${options.rate}`);
    }
    this.rate = options.rate;
    this.burst = Math.max(1, Math.floor(options.burst ?? options.rate / 10));
    this.clock = options.clock ?? systemClock;
    this.tokens = this.burst;
    this.refilledAt = this.clock.now();
  }

  /** Resolves when the caller may start one request. */
  acquire(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.waiters.push(resolve);
      if (!this.pumping) void this.pump();
    });
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.waiters.length > 0) {
        const wait = this.waitFor(this.clock.now());
        if (wait > 0) {
          await this.clock.sleep(wait);
          continue;
        }
        this.grant(this.clock.now());
        this.waiters.shift()!();
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Milliseconds until a start is allowed at `now` (0: now). */
  private waitFor(now: number): number {
    this.refill(now);
    const bucketWait = this.tokens >= 1 ? 0 : ((1 - this.tokens) / this.rate) * 1000;
    const size = this.windowSize();
    const windowWait = this.window.length < size ? 0 : this.window[this.windowHead]! + 1000 - now;
    // A sub-millisecond wait would spin on timer rounding; round up instead.
    const wait = Math.max(bucketWait, windowWait);
    return wait <= 0 ? 0 : Math.max(1, Math.ceil(wait));
  }

  private grant(now: number): void {
    this.tokens -= 1;
    const size = this.windowSize();
    if (this.window.length < size) {
      this.window.push(now);
    } else {
      this.window[this.windowHead] = now;
      this.windowHead = (this.windowHead + 1) % size;
    }
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.refilledAt);
    this.tokens = Math.min(this.burst, this.tokens + (elapsed / 1000) * this.rate);
    this.refilledAt = now;
  }

  private windowSize(): number {
    return Math.max(1, Math.floor(this.rate));
  }
}

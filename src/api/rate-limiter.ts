/**
 * One limiter shared by every call of a run (the API allows 100 requests/s per app,
 * FACTS.md). A token bucket keeps bursts small; a log of the start times of the last
 * second makes sure no 1-second window ever holds more than `rate` starts, which a bucket
 * alone does not (it allows burst + rate). Waiters are served highest priority first
 * (priority.ts), first come first served among equals, by one timer for the head of the queue.
 *
 * With `adaptive`, the rate in force follows an AdaptiveRate (adaptive-rate.ts): lowered
 * on a 429, regained slowly. The configured rate stays the ceiling.
 *
 * The timer is deliberately not unref'd: it exists only while a caller awaits a token,
 * and an unref'd timer would let Node exit with that work half done. An idle limiter
 * holds no timer at all.
 */
import { AdaptiveRate, type AdaptiveRateStats } from './adaptive-rate.js';
import { systemClock, type Clock } from './clock.js';
import { PriorityQueue } from './priority.js';

export interface RateLimiterOptions {
  /** Requests per second, > 0: the most the limiter ever allows. */
  rate: number;
  /** Starts allowed back to back; default max(1, rate in force / 10). */
  burst?: number;
  clock?: Clock;
  /** Yield on 429s (see throttled()); default off. */
  adaptive?: boolean;
  /**
   * When paced, start each request up to one interval (1 / rate) later than its token
   * allows, at random; the tokens saved meanwhile let the next one go sooner, so the rate
   * over a second is the same. Without it a client at exactly the server's rate starts a
   * request the moment the server's bucket holds a whole token again, every time: once
   * the bucket is empty, every other client sharing it (the app's own) is refused and
   * groupctl almost never is, so it never learns to yield. Default off; needs a burst of 2 or more.
   */
  jitter?: boolean;
  /** Random numbers in [0, 1) for `jitter`; default Math.random. */
  random?: () => number;
}

export const DEFAULT_RATE = 100;

export class RateLimiter {
  /** The configured rate: the ceiling. */
  readonly rate: number;
  private readonly fixedBurst: number | undefined;
  private readonly clock: Clock;
  private readonly control: AdaptiveRate | undefined;
  private readonly random: (() => number) | undefined;
  private tokens: number;
  private refilledAt: number;
  /** Start times of the grants of the last second, oldest first, from `head` on. */
  private starts: number[] = [];
  private head = 0;
  private readonly waiters = new PriorityQueue<(grantedAt: number) => void>();
  private pumping = false;

  constructor(options: RateLimiterOptions) {
    if (!Number.isFinite(options.rate) || options.rate <= 0) {
      throw new RangeError(`rate limit must be a positive number of requests per second, got ${options.rate}`);
    }
    this.rate = options.rate;
    this.fixedBurst = options.burst === undefined ? undefined : Math.max(1, Math.floor(options.burst));
    this.clock = options.clock ?? systemClock;
    this.control = options.adaptive ? new AdaptiveRate({ ceiling: options.rate }) : undefined;
    this.random = options.jitter ? (options.random ?? Math.random) : undefined;
    this.tokens = this.burst;
    this.refilledAt = this.clock.now();
  }

  /** Starts allowed back to back at the rate in force now. */
  get burst(): number {
    return this.fixedBurst ?? Math.max(1, Math.floor(this.currentRate() / 10));
  }

  /** Requests per second in force now (below `rate` for a while after a 429 when adaptive). */
  currentRate(): number {
    return this.control?.rateAt(this.clock.now()) ?? this.rate;
  }

  /** Resolves with the start time (the limiter's clock) when the caller may start one request; higher `priority` first. */
  acquire(priority = 0): Promise<number> {
    return new Promise<number>((resolve) => {
      this.waiters.push(resolve, priority);
      if (!this.pumping) void this.pump();
    });
  }

  /**
   * A request started at `startedAt` (what acquire() resolved with) was answered 429.
   * Adaptive: lowers the rate once per decrease. Returns whether it lowered.
   */
  throttled(startedAt: number): boolean {
    return this.control?.throttled(startedAt, this.clock.now()) ?? false;
  }

  /**
   * True when an adaptive limiter has yielded all it can (its rate is at the floor): a 429
   * now says the budget is gone, not that groupctl presses too hard. A fixed rate never is.
   */
  atLowestRate(): boolean {
    return this.control?.atFloor() ?? false;
  }

  /** The adaptive controller's numbers; undefined when the rate is fixed. */
  adaptiveStats(): AdaptiveRateStats | undefined {
    return this.control?.stats();
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.waiters.size > 0) {
        const wait = this.waitFor(this.clock.now());
        if (wait > 0) {
          await this.clock.sleep(wait + this.jitterMs());
          continue;
        }
        const now = this.clock.now();
        this.grant(now);
        this.waiters.shift()!(now);
      }
    } finally {
      this.pumping = false;
    }
  }

  /** With `jitter`, a random part of one interval at the rate in force (see RateLimiterOptions.jitter). */
  private jitterMs(): number {
    if (this.random === undefined || this.burst < 2) return 0;
    return Math.floor(this.random() * (1000 / this.currentRate()));
  }

  /** Milliseconds until a start is allowed at `now` (0: now). */
  private waitFor(now: number): number {
    const rate = this.control?.rateAt(now) ?? this.rate;
    this.refill(now, rate);
    const bucketWait = this.tokens >= 1 ? 0 : ((1 - this.tokens) / rate) * 1000;
    this.forget(now);
    const inWindow = this.starts.length - this.head;
    const limit = Math.max(1, Math.floor(rate));
    // After a decrease the window may hold more than the new limit: wait until enough have aged out.
    const windowWait = inWindow < limit ? 0 : this.starts[this.head + inWindow - limit]! + 1000 - now;
    // A sub-millisecond wait would spin on timer rounding; round up instead.
    const wait = Math.max(bucketWait, windowWait);
    return wait <= 0 ? 0 : Math.max(1, Math.ceil(wait));
  }

  private grant(now: number): void {
    this.tokens -= 1;
    this.starts.push(now);
  }

  /** Drops start times that left the 1-second window; compacts the log now and then. */
  private forget(now: number): void {
    while (this.head < this.starts.length && this.starts[this.head]! + 1000 <= now) this.head++;
    if (this.head > 1024 && this.head * 2 > this.starts.length) {
      this.starts = this.starts.slice(this.head);
      this.head = 0;
    }
  }

  private refill(now: number, rate: number): void {
    const elapsed = Math.max(0, now - this.refilledAt);
    this.tokens = Math.min(this.fixedBurst ?? Math.max(1, Math.floor(rate / 10)), this.tokens + (elapsed / 1000) * rate);
    this.refilledAt = now;
  }
}

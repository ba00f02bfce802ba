/**
 * How many calls go out at once. `auto` (the default, CONTRACT.md) sizes it from the rate
 * and the measured round trip, so a default run reaches the rate limit at any latency:
 * by Little's law `rate x round trip` calls must be in flight, and the headroom absorbs a
 * slower answer now and then. A number fixes it.
 *
 * The round trip is the shortest of the last few seconds, not the average: when the
 * server is the bottleneck, answers slow down because calls queue there, and sizing by
 * the average would put more in flight, which queues more (the trap TCP's BBR avoids the
 * same way). The shortest answer is the path itself.
 */

export type ConcurrencySetting = number | 'auto';

export const DEFAULT_CONCURRENCY: ConcurrencySetting = 'auto';

/** Headroom over rate x round trip. */
const HEADROOM = 2;
const MIN_AUTO = 4;
/** Keep-alive connections a run may open at most, whatever the rate. */
const MAX_AUTO = 256;
/** The shortest round trip is taken over two windows of this length: the current one and the one before. */
const WINDOW_MS = 5_000;

/** The most calls `auto` ever puts in flight at `rate`: one second of calls, 16 to 256. */
export function autoCeiling(rate: number): number {
  return Math.min(MAX_AUTO, Math.max(16, Math.ceil(rate)));
}

/**
 * Calls in flight for `auto`: starts at a tenth of a second of calls and follows the
 * shortest recent round trip of answered calls. Pure: the transport feeds it what it
 * measured and when (ms, any monotonic clock).
 */
export class AutoConcurrency {
  readonly max: number;
  private limit: number;
  private windowStart: number | undefined;
  private currentMin = Number.POSITIVE_INFINITY;
  private previousMin = Number.POSITIVE_INFINITY;

  constructor(private readonly rate: number) {
    this.max = autoCeiling(rate);
    this.limit = clamp(Math.ceil(rate / 10), MIN_AUTO, this.max);
  }

  get current(): number {
    return this.limit;
  }

  /** The round trip the sizing uses, ms: the shortest of the recent ones; undefined before the first answer. */
  get roundTripMs(): number | undefined {
    const ms = Math.min(this.currentMin, this.previousMin);
    return Number.isFinite(ms) ? ms : undefined;
  }

  /** Takes one round trip (ms) measured at `now` (ms) and returns the calls in flight it calls for. */
  observe(roundTripMs: number, now: number): number {
    if (this.windowStart === undefined || now - this.windowStart >= WINDOW_MS) {
      // A window with no answer at all leaves nothing to compare: keep the last one that had some.
      if (Number.isFinite(this.currentMin)) this.previousMin = this.currentMin;
      this.currentMin = Number.POSITIVE_INFINITY;
      this.windowStart = now;
    }
    this.currentMin = Math.min(this.currentMin, Math.max(0, roundTripMs));
    this.limit = clamp(Math.ceil((this.rate * this.roundTripMs! * HEADROOM) / 1000) + 2, MIN_AUTO, this.max);
    return this.limit;
  }
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

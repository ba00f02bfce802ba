/**
 * How many calls go out at once. `auto` (the default, CONTRACT.md) sizes it from the rate
 * and the measured round trip, so a default run reaches the rate limit at any latency:
 * by Little's law `rate x round trip` calls must be in flight, and the headroom absorbs a
 * slower answer now and then. A number fixes it.
 */

export type ConcurrencySetting = number | 'auto';

export const DEFAULT_CONCURRENCY: ConcurrencySetting = 'auto';

/** Headroom over rate x round trip. */
const HEADROOM = 1.5;
const MIN_AUTO = 4;
/** Keep-alive connections a run may open at most, whatever the rate. */
const MAX_AUTO = 256;
/** Weight of the newest round trip in the running average. */
const SMOOTHING = 0.2;

/** The most calls `auto` ever puts in flight at `rate`: one second of calls, 16 to 256. */
export function autoCeiling(rate: number): number {
  return Math.min(MAX_AUTO, Math.max(16, Math.ceil(rate)));
}

/**
 * Calls in flight for `auto`: starts at a tenth of a second of calls and follows the
 * average round trip of answered calls. Pure: the transport feeds it what it measured.
 */
export class AutoConcurrency {
  readonly max: number;
  private averageMs: number | undefined;
  private limit: number;

  constructor(private readonly rate: number) {
    this.max = autoCeiling(rate);
    this.limit = clamp(Math.ceil(rate / 10), MIN_AUTO, this.max);
  }

  get current(): number {
    return this.limit;
  }

  /** The average round trip so far, ms; undefined before the first answer. */
  get roundTripMs(): number | undefined {
    return this.averageMs;
  }

  /** Takes one measured round trip (ms) and returns the calls in flight it calls for. */
  observe(roundTripMs: number): number {
    const ms = Math.max(0, roundTripMs);
    this.averageMs = this.averageMs === undefined ? ms : this.averageMs + SMOOTHING * (ms - this.averageMs);
    this.limit = clamp(Math.ceil((this.rate * this.averageMs * HEADROOM) / 1000) + 2, MIN_AUTO, this.max);
    return this.limit;
  }
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

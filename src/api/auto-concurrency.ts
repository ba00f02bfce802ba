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
 *
 * The rate in that product is the limit's, but never more than the answers of the last
 * second show the server (or this process) delivering, BBR's other half: on a rate raised
 * far past what a server answers, `rate x round trip` put 256 calls in flight that only
 * queued. The headroom still lets the count grow while the server keeps up (calls that
 * do not queue come back at the shortest round trip, so twice as many go out); at the
 * limit the answers come at the rate and the sizing is the limit's. Until a second holds
 * enough answers to tell, at most START_MAX go out. Measured: test/bench/README.md, "In
 * flight at scale".
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
/** Calls in flight before the answers tell how fast the server delivers. */
const START_MAX = 32;
/** The delivered rate is counted over the answers of this last span (ms), when it holds SAMPLES_MIN; SAMPLES_MAX are kept. */
const DELIVERED_MS = 1_000;
const SAMPLES_MIN = 8;
const SAMPLES_MAX = 64;

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

  /** When the last answers came (ms): a ring of SAMPLES_MAX, `next` its write position. */
  private readonly answered: number[] = [];
  private next = 0;

  constructor(private readonly rate: number) {
    this.max = autoCeiling(rate);
    this.limit = clamp(Math.ceil(rate / 10), MIN_AUTO, Math.min(this.max, START_MAX));
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
    const delivered = this.deliveredRate(now);
    const byRate = Math.ceil((Math.min(this.rate, delivered ?? this.rate) * this.roundTripMs! * HEADROOM) / 1000) + 2;
    this.limit = clamp(delivered === undefined ? Math.min(byRate, START_MAX) : byRate, MIN_AUTO, this.max);
    return this.limit;
  }

  /** Answers a second over the last DELIVERED_MS, the one at `now` counted; undefined with fewer than SAMPLES_MIN. */
  private deliveredRate(now: number): number | undefined {
    if (this.answered.length < SAMPLES_MAX) this.answered.push(now);
    else this.answered[this.next] = now;
    this.next = (this.next + 1) % SAMPLES_MAX;
    let recent = 0;
    let oldest = now;
    for (const at of this.answered) {
      if (now - at > DELIVERED_MS) continue;
      recent++;
      oldest = Math.min(oldest, at);
    }
    if (recent < SAMPLES_MIN) return undefined;
    // Answers that came together (a burst, a server that answers in parallel) say only that it is fast.
    return ((recent - 1) * 1000) / Math.max(now - oldest, 1);
  }
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

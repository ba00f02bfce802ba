/**
 * When a run's attempts started, for a rate figure that means something (issue 22): an
 * average over a run shorter than a second is a burst, not a rate, so the summary gives the
 * most starts within any one second beside the limit, and the span they covered.
 */
const WINDOW_MS = 1000;

/** Start times of the attempts of one run: their span, and the busiest second. */
export class StartWindow {
  private first: number | undefined;
  private last = 0;
  /** Starts of the last second, oldest first; `head` skips the ones that fell out. */
  private readonly recent: number[] = [];
  private head = 0;
  private peak = 0;
  private count = 0;

  record(startedAt: number): void {
    this.count++;
    this.first ??= startedAt;
    this.last = startedAt;
    this.recent.push(startedAt);
    while (this.recent[this.head]! <= startedAt - WINDOW_MS) this.head++;
    // The array is trimmed only now and then, so a record costs O(1) amortised.
    if (this.head > 1024) {
      this.recent.splice(0, this.head);
      this.head = 0;
    }
    this.peak = Math.max(this.peak, this.recent.length - this.head);
  }

  /** The run's figures for TransportStats: the average over the span, the span, the busiest second. */
  figures(): { requestsPerSecond: number; spanMs: number; peakPerSecond: number } {
    const span = this.spanMs;
    const requestsPerSecond = this.count > 1 && span > 0 ? ((this.count - 1) * 1000) / span : 0;
    return { requestsPerSecond, spanMs: span, peakPerSecond: this.peak };
  }

  /** Milliseconds from the first start to the last (0 before two). */
  get spanMs(): number {
    return this.first === undefined ? 0 : this.last - this.first;
  }

  /** The most attempts that started within any one second. */
  get peakPerSecond(): number {
    return this.peak;
  }
}

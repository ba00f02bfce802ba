/** What a run cost on the wire, as the transport counts it (transport.ts): for the summary line, the report and the benchmark. */
export interface TransportStats {
  /** Attempts sent. */
  requests: number;
  /** Attempts beyond the first of each call. */
  retries: number;
  status429: number;
  /** Attempts per second from the first start to the last (0 for fewer than two). */
  requestsPerSecond: number;
  /** Milliseconds from the first start to the last, and the most starts within any one second. */
  spanMs: number;
  peakPerSecond: number;
  /** The configured rate limit, and the lowest rate 429s pushed the client down to. */
  rateLimit: number;
  lowestRate: number;
  /** Calls in flight at once at the end of the run (with `auto`, as last sized). */
  concurrency: number;
}

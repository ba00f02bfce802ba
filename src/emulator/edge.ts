/**
 * The service's edge as clients meet it: latency, the per-app rate limit with its
 * varying 429 shapes, 503s and dropped connections, and the call counters the
 * benchmark and the tests read.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Readings } from './dialects.js';
import { errorBody, type Reply } from './envelope.js';
import { API_RATE_LIMITS } from './limits.js';
import { RateBucket } from './rate-bucket.js';
import { CALL_KINDS } from './routes.js';

export interface FaultSettings {
  latencyMs?: number;
  rateLimit?: number;
  faultRate?: number;
  retryAfterSeconds?: number;
  /** The next this many creates that succeed are made, and their answers dropped (a lost create answer, on demand). */
  loseCreateAnswers?: number;
  /** The free edition's call quota (FACTS.md "429"): after this many calls every call answers 429; negative: none. */
  callQuota?: number;
}

export type Fault = 'none' | 'unavailable' | 'drop-before' | 'drop-after';

const EXTRA_COUNTERS = ['total', 'status-429', 'status-5xx', 'dropped'] as const;

const EDGE_PAGE_429 = '<html><head><title>429 Too Many Requests</title></head><body><h1>429 Too Many Requests</h1></body></html>\n';

export class Edge {
  private readonly faults: Required<FaultSettings>;
  private bucket: RateBucket | undefined;
  /** The per-API budgets (API_RATE_LIMITS), by call kind; only while `bucket` is. */
  private apiBuckets = new Map<string, RateBucket>();
  private limited = 0;
  private readonly counts = new Map<string, number>();

  constructor(
    initial: FaultSettings,
    private readonly readings: Readings,
    private readonly now: () => number,
    private readonly random: () => number,
  ) {
    this.faults = { latencyMs: 0, rateLimit: 0, faultRate: 0, retryAfterSeconds: 0, loseCreateAnswers: 0, callQuota: -1 };
    this.setFaults(initial);
    this.resetCounters();
  }

  setFaults(next: FaultSettings): void {
    for (const [key, value] of Object.entries(next) as Array<[keyof FaultSettings, number | undefined]>) {
      if (value !== undefined) this.faults[key] = value;
    }
    if (next.rateLimit === undefined) return;
    this.bucket = next.rateLimit > 0 ? new RateBucket(next.rateLimit, this.now) : undefined;
    const perApi = Object.entries(API_RATE_LIMITS).map(([kind, rate]) => [kind, new RateBucket(rate, this.now)] as const);
    this.apiBuckets = new Map(this.bucket === undefined ? [] : perApi);
  }

  counters(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  resetCounters(): void {
    for (const name of [...CALL_KINDS, ...EXTRA_COUNTERS]) this.counts.set(name, 0);
  }

  bump(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }

  /** Counts what an answer's status says about the edge. */
  count(reply: Reply): void {
    if (reply.status === 429) this.bump('status-429');
    if (reply.status >= 500) this.bump('status-5xx');
  }

  async delay(): Promise<void> {
    if (this.faults.latencyMs > 0) await sleep(this.faults.latencyMs);
  }

  /**
   * A 429 with its headers when the call quota is used up or the call's budget is empty,
   * otherwise undefined (and a token is taken from each budget the call counts toward).
   */
  rateLimited(started: number, kind: string): { reply: Reply; headers: Record<string, string> } | undefined {
    if (this.withinBudget(kind)) return undefined;
    const headers: Record<string, string> = this.faults.retryAfterSeconds > 0 ? { 'retry-after': String(this.faults.retryAfterSeconds) } : {};
    // A real edge varies: a JSON error one time, a proxy's page the next (always the page under rate-html).
    const json = this.limited++ % 2 === 0 && this.readings.rateLimitBody === 'mixed';
    const reply: Reply = json
      ? { status: 429, body: errorBody(this.readings, 429, 'reach_limit', 'This request has reached api limit', started, this.now()) }
      : { status: 429, body: EDGE_PAGE_429 };
    return { reply, headers };
  }

  private withinBudget(kind: string): boolean {
    if (this.faults.callQuota >= 0 && this.faults.callQuota-- <= 0) {
      this.faults.callQuota = 0;
      return false;
    }
    const own = this.apiBuckets.get(kind);
    const app = this.bucket === undefined || own !== undefined && this.readings.apiRates === 'separate' ? undefined : this.bucket;
    return (own?.take() ?? true) && (app?.take() ?? true);
  }

  /** True (and one fewer left) when this successful create's answer is to be lost. */
  loseCreateAnswer(): boolean {
    if (this.faults.loseCreateAnswers <= 0) return false;
    this.faults.loseCreateAnswers--;
    return true;
  }

  rollFault(mutating: boolean): Fault {
    if (this.faults.faultRate <= 0 || this.random() >= this.faults.faultRate) return 'none';
    if (this.random() < 0.5) return 'unavailable';
    // A dropped change may or may not have been applied, as with a real network.
    return mutating && this.random() < 0.5 ? 'drop-after' : 'drop-before';
  }
}

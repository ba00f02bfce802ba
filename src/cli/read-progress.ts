/**
 * What a command says about its live read and its API calls. On a terminal, a live line
 * while it reads (groups read / total, requests/s), rewritten in place at most every
 * 100 ms and cleared at the end. On a pipe (CI logs) a "Still reading..." line at a steady
 * interval (heartbeat.ts), never one per group; and a run the server slowed down with 429s
 * says so.
 */
import type { TransportStats } from '../api/index.js';
import { CLEAR_LINE } from '../render/index.js';
import { describeApiUse } from '../render/index.js';
import type { ApiUse } from '../apply/index.js';
import type { OutStream } from './io.js';
import { startHeartbeat } from './heartbeat.js';

const REDRAW_MS = 100;

/** The live line of a read, fed by readLive's progress. */
export interface ReadProgress {
  /** Feed it readLive's onProgress. */
  update(done: number, total: number): void;
  /** Clears the live line (terminals). */
  finish(): void;
}

/** A live line on a terminal, a line every `pipeIntervalMs` on a pipe; `requests` gives the transport's count for the rate shown. */
export function createReadProgress(stream: OutStream, requests: () => number, pipeIntervalMs = 0, now: () => number = () => performance.now()): ReadProgress {
  if (stream.isTTY !== true) {
    // From now: a first page that is slow to come shows too. readLiveGroups always ends it.
    const heartbeat = startHeartbeat(stream, { verb: 'reading', unit: 'groups' }, pipeIntervalMs, now);
    return { update: heartbeat.update, finish: heartbeat.stop };
  }
  const start = now();
  const startRequests = requests();
  let drawnAt: number | undefined;
  let drawn = false;
  return {
    update(done, total) {
      const t = now();
      if (drawnAt !== undefined && t - drawnAt < REDRAW_MS && done < total) return;
      drawnAt = t;
      const seconds = (t - start) / 1000;
      // A shorter window measures the limiter's first burst, not a rate (issue 22).
      const rate = seconds >= 5 ? `, ${Math.round((requests() - startRequests) / seconds)} requests/s` : '';
      stream.write(`${CLEAR_LINE}reading live groups: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}${rate}`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write(CLEAR_LINE);
      drawn = false;
    },
  };
}

/** The transport's numbers as a report's `api` field. */
export function apiUseOf(stats: TransportStats): ApiUse {
  return {
    requests: stats.requests,
    status_429: stats.status429,
    requests_per_second: Math.round(stats.requestsPerSecond * 10) / 10,
    seconds: Math.round(stats.spanMs / 100) / 10,
    peak_per_second: stats.peakPerSecond,
    rate_limit: stats.rateLimit,
    lowest_rate: Math.round(stats.lowestRate * 10) / 10,
  };
}

/**
 * One line about the run's API calls: always on a terminal, on a pipe only when the
 * server answered 429 (the run yielded to other traffic, and a reader should know why it
 * took longer). Undefined when there is nothing to say.
 */
export function describeApiLine(stats: TransportStats, tty: boolean): string | undefined {
  if ((!tty && stats.status429 === 0) || stats.requests === 0) return undefined;
  return describeApiUse(apiUseOf(stats));
}

/**
 * Progress for CI logs (stderr not a terminal): one line at a steady interval, Terraform's
 * "Still reading... [20s elapsed]" habit, never one per step, so a 100-second run shows it
 * is alive without flooding the log. GROUPCTL_PROGRESS_INTERVAL (ms, default 20000, read
 * in settings.ts) sets the interval; tests make it short instead of waiting.
 */
import type { OutStream } from './io.js';

/** The interval when GROUPCTL_PROGRESS_INTERVAL is unset. */
export const DEFAULT_PROGRESS_INTERVAL_MS = 20_000;

/** A heartbeat's counters; `stop` ends its timer (call it in a finally). */
export interface Heartbeat {
  update(done: number, total: number): void;
  stop(): void;
}

/** What the line says: `Still VERB... [Ns elapsed, done/total UNIT]`. */
export interface HeartbeatLabel {
  verb: string;
  unit: string;
}

/** A timer writing one line per interval while counters are known; the clock is injectable for the elapsed time. */
export function startHeartbeat(stream: OutStream, label: HeartbeatLabel, intervalMs: number, now: () => number = () => performance.now()): Heartbeat {
  if (intervalMs <= 0) return { update: () => {}, stop: () => {} };
  const start = now();
  let counts: { done: number; total: number } | undefined;
  const timer = setInterval(() => {
    const elapsed = `${Math.round((now() - start) / 1000)}s elapsed`;
    const progress = counts ? `, ${counts.done.toLocaleString('en-US')}/${counts.total.toLocaleString('en-US')} ${label.unit}` : '';
    stream.write(`Still ${label.verb}... [${elapsed}${progress}]\n`);
  }, intervalMs);
  // A forgotten stop must never keep the process alive.
  timer.unref();
  return {
    update(done, total) {
      counts = { done, total };
    },
    stop() {
      clearInterval(timer);
    },
  };
}

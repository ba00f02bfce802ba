/**
 * Numbers a run can report about itself for the benchmark (GROUPCTL_STATS_FILE): the
 * planner's own CPU time and the client's request counts. Never part of normal output.
 */
import { writeFileSync } from 'node:fs';

/** This process's totals, added to as work finishes and written at exit when GROUPCTL_STATS_FILE asks. */
export const runStats = {
  plannerCpuMs: 0,
  requests: 0,
  retries: 0,
  status429: 0,
  /** The lowest rate 429s pushed the client down to (the configured limit when none did). */
  lowestRate: undefined as number | undefined,
};

/** Measures the CPU time (user + system) of a synchronous piece of work. */
export function timeCpu<T>(work: () => T): T {
  const before = process.cpuUsage();
  try {
    return work();
  } finally {
    const used = process.cpuUsage(before);
    runStats.plannerCpuMs += (used.user + used.system) / 1000;
  }
}

/** Adds one closed session's request counts to the run's. */
export function addRequestStats(s: { requests: number; retries: number; status429: number; lowestRate: number }): void {
  runStats.requests += s.requests;
  runStats.retries += s.retries;
  runStats.status429 += s.status429;
  runStats.lowestRate = Math.min(runStats.lowestRate ?? s.lowestRate, s.lowestRate);
}

/** Writes the run's numbers, with its wall time and peak memory, for the benchmark to read. */
export function writeRunStats(file: string, startedAt: number): void {
  const stats = {
    ...runStats,
    wallMs: Date.now() - startedAt,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  writeFileSync(file, JSON.stringify(stats, null, 2) + '\n');
}

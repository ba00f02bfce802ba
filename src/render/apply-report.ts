/** Renderers of an apply report: they format it and decide nothing. */
import type { ApiUse, ApplyReport } from '../apply/index.js';
import { ACTIONS } from '../plan/types.js';
import { describeResult } from './apply-progress.js';

/** The version of the `--report` file's shape: a reader refuses one it does not know. */
export const REPORT_FORMAT_VERSION = 1;

/** Done / failed / skipped per action that had steps, then every failure. */
export function renderReportSummary(report: ApplyReport): string {
  const totals = { done: 0, failed: 0, skipped: 0 };
  const rows: string[][] = [];
  for (const action of ACTIONS) {
    const c = report.summary[action];
    totals.done += c.done;
    totals.failed += c.failed;
    totals.skipped += c.skipped;
    if (c.done + c.failed + c.skipped > 0) rows.push([action, String(c.done), String(c.failed), String(c.skipped)]);
  }
  const lines = [
    `Apply ${report.ok ? 'complete' : 'incomplete'}: ${totals.done} done, ${totals.failed} failed, ${totals.skipped} skipped.`,
  ];
  if (rows.length > 0) lines.push(...table([['action', 'done', 'failed', 'skipped'], ...rows]));
  const failures = report.steps.filter((s) => s.status === 'failed');
  if (failures.length > 0) {
    lines.push('', 'Failed:');
    for (const f of failures) lines.push(`  ${describeResult(f)}`);
  }
  const bindings: string[] = [];
  for (const { from, to } of report.moved ?? []) bindings.push(`  moved ${from} -> ${to}`);
  for (const key of report.bound ?? []) bindings.push(`  recorded ${key} (id: in config)`);
  for (const key of report.unbound ?? []) bindings.push(`  forgot ${key} (its live group is left as it is)`);
  if (bindings.length > 0) lines.push('', 'State file:', ...bindings);
  if (report.api) lines.push(describeApiUse(report.api));
  return `${lines.join('\n')}\n`;
}

/** The `--report FILE` content: the report as versioned JSON. */
export function renderReportJson(report: ApplyReport): string {
  return `${JSON.stringify({ format_version: REPORT_FORMAT_VERSION, ...report }, null, 2)}\n`;
}

/**
 * `API: 1162 calls in 11.9 s (98 requests/s; at most 100 in any one second, limit 100), none answered 429.`
 * Under 5 s the average is a burst, not a rate (the limiter allows a small one), so only the
 * busiest second is shown against the limit (issue 22).
 */
export function describeApiUse(api: ApiUse): string {
  const peak = `at most ${api.peak_per_second} in any one second, limit ${api.rate_limit}`;
  const rate = api.requests <= 1 ? '' : api.seconds >= 5 ? ` in ${api.seconds} s (${Math.round(api.requests_per_second)} requests/s; ${peak})` : ` (${peak})`;
  const refused =
    api.status_429 === 0
      ? 'none answered 429'
      : `${api.status_429} answered 429 (the rate limit is shared with the app's own traffic): the client slowed to as low as ${Math.round(api.lowest_rate)} requests/s (limit ${api.rate_limit})`;
  return `API: ${api.requests} calls${rate}, ${refused}.`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  return rows.map(
    (r) => `  ${r.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('  ')}`,
  );
}

/** Renderers of an apply report: they format it and decide nothing. */
import { ACTIONS } from '../plan/types.js';
import { describeResult } from './progress.js';
import type { ApplyReport } from './types.js';

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
  if (report.unbound && report.unbound.length > 0) {
    lines.push('', `No longer managed (binding dropped): ${report.unbound.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The `--report FILE` content: the report as versioned JSON. */
export function renderReportJson(report: ApplyReport): string {
  return `${JSON.stringify({ format_version: REPORT_FORMAT_VERSION, ...report }, null, 2)}\n`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  return rows.map(
    (r) => `  ${r.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('  ')}`,
  );
}

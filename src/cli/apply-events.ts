/**
 * `apply --json`: one JSON object per line on stdout, each with `version` (EVENTS_VERSION,
 * raised only when a field changes meaning or goes away, like the plan JSON's
 * format_version) and `event`. The shape is schemas/apply-events.schema.json.
 */
import type { ApplyEvent, ApplyReport } from '../apply/index.js';

/** The event stream's version. */
export const EVENTS_VERSION = 1;

/** One line for an engine event: step.start, step.finish or group.finish. */
export function encodeApplyEvent(e: ApplyEvent): string {
  if (e.kind === 'step-started') return line({ event: 'step.start', index: e.index, ...e.step });
  if (e.kind === 'step-finished') return line({ event: 'step.finish', index: e.index, ...e.result });
  return line({ event: 'group.finish', group: e.group, ok: e.ok });
}

/** The last line: apply.finish with the report's totals (the full report is `--report FILE`). */
export function encodeApplyFinished(report: ApplyReport): string {
  const { ok, summary, started, finished, unbound, bound, moved, api } = report;
  return line({ event: 'apply.finish', ok, summary, started, finished, unbound, bound, moved, api });
}

function line(fields: Record<string, unknown>): string {
  return `${JSON.stringify({ version: EVENTS_VERSION, ...fields })}\n`;
}

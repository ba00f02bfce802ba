/**
 * What `apply` shows while it works, picked once from the streams and flags: on a terminal
 * the live line (render/apply-progress.ts); on a pipe each failure and each step with a
 * note as it happens, and a "Still applying..." line at a steady interval (heartbeat.ts),
 * never one line per step; with `--json` one JSON event per line on stdout
 * (apply-events.ts), the machine's view.
 */
import type { ApplyEvent, ApplyHook, ApplyReport } from '../apply/index.js';
import { createProgress, describeResult, renderReportSummary } from '../render/index.js';
import { encodeApplyEvent, encodeApplyFinished } from './apply-events.js';
import { startHeartbeat } from './heartbeat.js';
import type { Io } from './io.js';

/** The hook the engine calls, and the end of the run (summary or last event). */
export interface ApplyView {
  onEvent: ApplyHook;
  finish(report: ApplyReport): void;
}

/** The view for this run: `json` streams events; else terminal or pipe by stderr. */
export function createApplyView(io: Io, options: { total: number; color: boolean; json: boolean; progressIntervalMs: number }): ApplyView {
  const { total, color, json, progressIntervalMs } = options;
  const pipe = io.stderr.isTTY !== true;
  const heartbeat = pipe ? startHeartbeat(io.stderr, { verb: 'applying', unit: 'steps' }, progressIntervalMs) : undefined;
  heartbeat?.update(0, total);
  const terminal = pipe ? undefined : createProgress({ tty: true, stream: io.stderr, total, color });
  let finished = 0;
  const show = (e: ApplyEvent): void => {
    if (terminal) return terminal(e);
    if (e.kind !== 'step-finished') return;
    finished += 1;
    heartbeat?.update(finished, total);
    // Failures, and steps that say something (a create found after a lost answer, a setting
    // corrected): the lines a reader of a CI log needs, not one per step.
    if (e.result.status === 'failed' || e.result.note !== undefined) io.stderr.write(`${describeResult(e.result)}\n`);
  };
  return {
    onEvent(e) {
      if (json) io.stdout.write(encodeApplyEvent(e));
      show(e);
    },
    finish(report) {
      heartbeat?.stop();
      io.stdout.write(json ? encodeApplyFinished(report) : renderReportSummary(report));
    },
  };
}

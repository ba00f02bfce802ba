/**
 * The apply progress view, a hook the engine calls (ApplyOptions.onEvent). On a terminal:
 * one live line rewritten in place (done/total, steps/s, failures), with failures printed
 * above it as they happen. Elsewhere (CI logs) it can print one line per finished step, but
 * the CLI prints only failures there, with a steady heartbeat (cli/apply-view.ts).
 */
import { labelStep, type ApplyHook, type StepResult } from '../apply/index.js';
import { CLEAR_LINE, makePaint } from './ansi.js';

/** Where progress goes and how: the CLI decides whether the stream is a terminal and takes colour. */
export interface ProgressOptions {
  tty: boolean;
  stream: { write(text: string): unknown };
  /** Steps in the plan. */
  total: number;
  /** Colour the FAILED label (terminals only). */
  color?: boolean;
  /** Clock for steps/s, ms. */
  now?: () => number;
}

/** The progress view as the hook applyPlan calls. */
export function createProgress(options: ProgressOptions): ApplyHook {
  const { tty, stream, total } = options;
  const now = options.now ?? Date.now;
  const start = now();
  let finished = 0;
  let failures = 0;
  const failedLabel = makePaint(options.color === true).red('FAILED');

  const liveLine = (): string => {
    const seconds = (now() - start) / 1000;
    const rate = seconds >= 0.5 ? `, ${(finished / seconds).toFixed(1)} steps/s` : '';
    const failed = failures > 0 ? `, ${failures} failed` : '';
    return `applying: ${finished}/${total} steps${rate}${failed}`;
  };

  return (e) => {
    if (e.kind !== 'step-finished') return;
    finished += 1;
    if (e.result.status === 'failed') failures += 1;
    if (!tty) {
      stream.write(`${describeResult(e.result, 'FAILED')}\n`);
      return;
    }
    const permanent = e.result.status === 'failed' ? `${describeResult(e.result, failedLabel)}\n` : '';
    const end = finished >= total ? '\n' : '';
    stream.write(`${CLEAR_LINE}${permanent}${liveLine()}${end}`);
  };
}

/** `done  eng-all  add-admin carol`, `FAILED eng-all transfer bob: 403 forbidden_op: ...`. */
export function describeResult(result: StepResult, failedLabel = 'FAILED'): string {
  const what = labelStep(result);
  const note = result.note ? ` (${result.note})` : '';
  switch (result.status) {
    case 'done':
      return `done  ${result.group}  ${what}${note}`;
    case 'failed':
      return `${failedLabel} ${result.group} ${what}: ${result.error ?? 'failed'}${note}`;
    case 'skipped':
      return `skipped ${result.group} ${what}${note}`;
  }
}

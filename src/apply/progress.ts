/**
 * Apply progress on a stream. On a terminal: one live line rewritten in place
 * (done/total, steps/s, failures), with failures printed above it as they happen.
 * Elsewhere (CI logs): one line per finished step.
 */
import { describeStep } from './describe.js';
import type { ApplyEvent, StepResult } from './types.js';

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

const CLEAR_LINE = '\r\x1b[2K';

export function createProgress(options: ProgressOptions): (e: ApplyEvent) => void {
  const { tty, stream, total } = options;
  const now = options.now ?? Date.now;
  const start = now();
  let finished = 0;
  let failures = 0;
  const failedLabel = options.color ? '\x1b[31mFAILED\x1b[0m' : 'FAILED';

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
  const what = describeStep(result);
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

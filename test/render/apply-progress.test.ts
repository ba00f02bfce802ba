import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/render/apply-progress.js';
import type { StepResult } from '../../src/apply/types.js';
import { on } from '../apply/build-plan.js';

const g = on('eng-all', '123');
const results: StepResult[] = [
  { ...g.addAdmin('carol'), status: 'done' },
  { ...g.transfer('alice', 'bob'), status: 'failed', error: "403 forbidden_op: user: bob doesn't exist in group: 123" },
  { ...g.removeMember('dave'), status: 'skipped', note: 'skipped: transfer bob failed' },
];

function run(tty: boolean) {
  let out = '';
  let t = 0;
  const progress = createProgress({ tty, stream: { write: (s: string) => (out += s) }, total: results.length, now: () => t });
  results.forEach((result, index) => {
    progress({ kind: 'step-started', index, step: result });
    t += 1000;
    progress({ kind: 'step-finished', index, result });
  });
  progress({ kind: 'group-finished', group: 'eng-all', ok: false });
  return out;
}

describe('progress', () => {
  it('without a terminal, writes one line per finished step', () => {
    expect(run(false).split('\n')).toEqual([
      'done  eng-all  add-admin carol',
      "FAILED eng-all transfer bob: 403 forbidden_op: user: bob doesn't exist in group: 123",
      'skipped eng-all remove-member dave (skipped: transfer bob failed)',
      '',
    ]);
  });

  it('on a terminal, rewrites one live line and prints failures above it', () => {
    const out = run(true);
    const frames = out.split('\r\x1b[2K').filter(Boolean);
    expect(frames).toEqual([
      'applying: 1/3 steps, 1.0 steps/s',
      "FAILED eng-all transfer bob: 403 forbidden_op: user: bob doesn't exist in group: 123\napplying: 2/3 steps, 1.0 steps/s, 1 failed",
      'applying: 3/3 steps, 1.0 steps/s, 1 failed\n',
    ]);
  });
});

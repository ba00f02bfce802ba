import { describe, expect, it } from 'vitest';
import { countResults } from '../../src/apply/count-results.js';
import { renderReportJson, renderReportSummary } from '../../src/render/apply-report.js';
import type { ApplyReport, StepResult } from '../../src/apply/types.js';
import { on } from '../apply/build-plan.js';

function reportOf(steps: StepResult[], extra: Partial<ApplyReport> = {}): ApplyReport {
  return {
    steps,
    summary: countResults(steps),
    ok: steps.every((s) => s.status === 'done'),
    started: '2024-01-01T00:00:00.000Z',
    finished: '2024-01-01T00:00:05.000Z',
    ...extra,
  };
}

describe('report rendering', () => {
  it('summarises per action and lists the failures', () => {
    const g = on('eng', '228001');
    const text = renderReportSummary(
      reportOf(
        [
          { ...g.addMember('dave'), status: 'done' },
          { ...g.addMember('erin'), status: 'done' },
          { ...g.addAdmin('ghost'), status: 'failed', error: "404 resource_not_found: user: ghost doesn't exist in group: 228001" },
          { ...g.enable(), status: 'skipped', note: 'skipped: add-admin ghost failed' },
        ],
        { unbound: ['old'], bound: ['adopted'], moved: [{ from: 'eng-everyone', to: 'eng-all' }] },
      ),
    );
    expect(text).toBe(
      [
        'Apply incomplete: 2 done, 1 failed, 1 skipped.',
        '  action      done  failed  skipped',
        '  add-member     2       0        0',
        '  add-admin      0       1        0',
        '  enable         0       0        1',
        '',
        'Failed:',
        "  FAILED eng add-admin ghost: 404 resource_not_found: user: ghost doesn't exist in group: 228001",
        '',
        'State file:',
        '  moved eng-everyone -> eng-all',
        '  recorded adopted (id: in config)',
        '  forgot old (its live group is left as it is)',
        '',
      ].join('\n'),
    );
  });

  it('says complete when everything is done', () => {
    expect(renderReportSummary(reportOf([]))).toBe('Apply complete: 0 done, 0 failed, 0 skipped.\n');
  });

  it.each([
    [
      { requests: 1162, status_429: 0, requests_per_second: 97.6, seconds: 11.9, peak_per_second: 100, rate_limit: 100, lowest_rate: 100 },
      'API: 1162 calls in 11.9 s (98 requests/s; at most 100 in any one second, limit 100), none answered 429.',
    ],
    [
      { requests: 1200, status_429: 7, requests_per_second: 77.2, seconds: 15.5, peak_per_second: 95, rate_limit: 100, lowest_rate: 63.4 },
      "API: 1200 calls in 15.5 s (77 requests/s; at most 95 in any one second, limit 100), 7 answered 429 (the rate limit is shared with the app's own traffic): the client slowed to as low as 63 requests/s (limit 100).",
    ],
    // A short run: 46 calls in 0.4 s average 110/s, a burst; only the busiest second is shown (issue 22).
    [
      { requests: 46, status_429: 0, requests_per_second: 110, seconds: 0.4, peak_per_second: 46, rate_limit: 100, lowest_rate: 100 },
      'API: 46 calls (at most 46 in any one second, limit 100), none answered 429.',
    ],
  ])('ends with the API calls, the 429s and the rate reached: %j', (api, line) => {
    expect(renderReportSummary(reportOf([], { api }))).toBe(`Apply complete: 0 done, 0 failed, 0 skipped.\n${line}\n`);
  });

  it('writes versioned JSON that reads back to the same report', () => {
    const report = reportOf([{ ...on('eng', '1').enable(), status: 'done' }]);
    expect(JSON.parse(renderReportJson(report))).toEqual({ format_version: 1, ...report });
  });
});

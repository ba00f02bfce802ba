/**
 * The section of RESULTS.md for a CLI plan of 1,000,000 groups (issue 11: CLI peak RSS
 * under 4 GB), and writing that section alone into an existing RESULTS.md, so that
 * `--only none --million` leaves every other measurement as it is.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { TARGETS } from './report.mjs';

export const MILLION_HEADING = '## A CLI plan of 1,000,000 groups';
const MB = 1024 * 1024;

/** What each phase of the million run shows. */
const PHASE_NOTES = {
  plan: '`plan --detailed-exitcode`: read every group, plan',
  import: '`import KEY ID`: load, change and save the state file of every binding',
};

/**
 * @param rows the measured rows; only the million run's are rendered
 * @param detail the million run's detail ({ validateMs, scenario }), if it ran
 * @param failure why the million run failed, if it did
 * @returns {string[]} the section's lines, heading first; empty when the run was not asked for
 */
export function renderMillion({ rows, detail, failure, cli, drift, date }) {
  const million = rows.filter((r) => r.scenario === 'million');
  if (million.length === 0 && failure === undefined) return [];
  const lines = [
    MILLION_HEADING,
    '',
    `Measured ${date} by the \`--million\` run of \`node test/bench/bench.mjs\` (CLI: ${cli}): ${million[0]?.groups.toLocaleString('en-US') ?? '1,000,000'}`,
    `settings-only groups, ${drift * 100}% of them drifted, against an emulator with no rate limit and no latency, each`,
    'command a process of its own. Peak RSS is the CLI process\'s own (`process.resourceUsage().maxRSS`); load is the',
    '1-minute load average when the command started.',
    '',
  ];
  if (failure !== undefined) lines.push(`The run failed: ${failure}`, '');
  if (million.length === 0) return lines;
  lines.push('| command | calls | wall s | CLI peak RSS MB | planner CPU ms | emulator CPU s | load |', '|---|---|---|---|---|---|---|');
  if (detail) lines.push(`| \`validate\`: load the config, no network | 0 | ${(detail.validateMs / 1000).toFixed(1)} | | | | |`);
  for (const r of million) {
    const rss = r.rssBytes === undefined ? '?' : (r.rssBytes / MB).toFixed(0);
    const emulator = r.emulatorCpuMs === undefined ? '?' : (r.emulatorCpuMs / 1000).toFixed(1);
    lines.push(`| ${PHASE_NOTES[r.phase] ?? r.phase} | ${r.calls} | ${(r.wallMs / 1000).toFixed(1)} | ${rss} | ${r.plannerCpuMs?.toFixed(0) ?? '?'} | ${emulator} | ${r.load.toFixed(2)} |`);
  }
  const peak = Math.max(...million.map((r) => r.rssBytes ?? Infinity));
  const verdict = peak < TARGETS.rssBytes ? 'met' : '**missed**';
  lines.push('', `Peak RSS of the CLI: ${Number.isFinite(peak) ? `${(peak / MB).toFixed(0)} MB` : 'not reported'}; target under 4 GB (${TARGETS.rssBytes / MB} MB): ${verdict}.`, '');
  return lines;
}

/** Replace the million section of an existing RESULTS.md (or add it before the timeline), keeping the rest. */
export function writeMillionSection(file, section) {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const start = text.indexOf(`${MILLION_HEADING}`);
  const body = section.join('\n').replace(/\n+$/, '') + '\n';
  if (start === -1) {
    const before = text.indexOf('## Where the wall time went');
    const at = before === -1 ? text.length : before;
    return writeFileSync(file, `${text.slice(0, at)}${body}${before === -1 ? '' : '\n'}${text.slice(at)}`);
  }
  const next = text.indexOf('\n## ', start + MILLION_HEADING.length);
  writeFileSync(file, `${text.slice(0, start)}${body}${next === -1 ? '' : text.slice(next)}`);
}

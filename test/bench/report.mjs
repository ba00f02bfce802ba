/**
 * Judges each measured run against the targets of issues 5 and 11 and formats the results
 * as Markdown: the table, and a line per missed target saying why.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const TARGETS = {
  /** calls / minimum */
  calls: 1.01,
  /** wall / (minimum calls / rate) */
  wall: 1.15,
  /** 429s / calls, where the server allows less than the client's rate (none otherwise). */
  status429Share: 0.02,
  /** The app's own refused requests / its requests. */
  appRefusedShare: 0.01,
  /** A settings-only drift check of 10,000 groups. */
  settingsOnlyPlanCalls: 101,
  /** Peak RSS of a CLI run. */
  rssBytes: 4 * 1024 ** 3,
};

const MB = 1024 * 1024;

/**
 * @param row {{ scenario, groups, phase, calls, minimum, wallMs, boundMs, status429, rate, rssBytes,
 *   byKind: Record<string, number>, expectedByKind: Record<string, number>, localMs?: number,
 *   app?: { requests: number, refused: number } }}
 * @returns {string[]} reasons the row misses a target; empty when it meets them all
 */
export function judge(row) {
  const misses = [];
  if (row.calls > row.minimum * TARGETS.calls) {
    const extra = Object.entries(row.byKind)
      .map(([kind, count]) => [kind, count - (row.expectedByKind[kind] ?? 0)])
      .filter(([, diff]) => diff !== 0)
      .map(([kind, diff]) => `${kind} ${diff > 0 ? '+' : ''}${diff}${EXPLAIN[kind] ? ` (${EXPLAIN[kind]})` : ''}`);
    misses.push(`calls ${ratio(row.calls, row.minimum)}x the minimum: ${extra.join(', ')}`);
  }
  if (row.scenario === 'settings only' && row.phase === 'plan' && row.groups === 10_000 && row.calls > TARGETS.settingsOnlyPlanCalls) {
    misses.push(`${row.calls} calls for a settings-only drift check of 10,000 groups (target ${TARGETS.settingsOnlyPlanCalls})`);
  }
  if (row.boundMs > 0 && row.wallMs > row.boundMs * TARGETS.wall) {
    const local = row.localMs === undefined ? '' : `; starting the process and loading the config alone take ${seconds(row.localMs)} s`;
    misses.push(`wall ${ratio(row.wallMs, row.boundMs)}x the bound${local}`);
  }
  const slowed = row.scenario === 'slower server' || row.scenario === 'app traffic';
  const allowed = slowed ? Math.floor(row.calls * TARGETS.status429Share) : 0;
  if (row.status429 > allowed) {
    misses.push(slowed ? `${row.status429} 429s are over 2% of ${row.calls} calls` : `${row.status429} answers were 429: the client went faster than the server allows`);
  }
  if (row.app && row.app.refused > row.app.requests * TARGETS.appRefusedShare) {
    misses.push(`the app's own client saw ${row.app.refused} of ${row.app.requests} requests refused (over 1%)`);
  }
  if (row.rssBytes !== undefined && row.rssBytes >= TARGETS.rssBytes) misses.push(`peak RSS ${(row.rssBytes / MB).toFixed(0)} MB is over 4 GB`);
  return misses;
}

/** What an extra call of a kind usually is, so a reader of the table need not guess. */
const EXPLAIN = {
  'get-groups': 'apply re-reads a group before a transfer or dismiss, and after an unclear answer',
  'list-admins': 'confirming an admin change after an unclear answer',
  'list-members': 'confirming a member batch the server refused in part',
};

export function renderTable(rows) {
  const head = [
    'scenario', 'groups', 'latency ms', 'rate/s', 'phase', 'calls', 'minimum', 'calls/min', 'wall s', 'bound s', 'wall/bound',
    '429s', 'lowest rate/s', 'app 429s', 'peak RSS MB', 'planner CPU ms', 'emulator CPU s', 'load', 'targets',
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const misses = r.misses ?? [];
    lines.push(
      `| ${[
        r.scenario,
        r.groups.toLocaleString('en-US'),
        r.latency,
        r.rate,
        r.phase,
        r.calls,
        r.minimum,
        r.minimum > 0 ? ratio(r.calls, r.minimum) : '-',
        seconds(r.wallMs),
        r.boundMs > 0 ? seconds(r.boundMs) : '-',
        r.boundMs > 0 ? ratio(r.wallMs, r.boundMs) : '-',
        r.status429,
        r.lowestRate === undefined ? '?' : Math.round(r.lowestRate),
        r.app ? `${r.app.refused}/${r.app.requests}` : '-',
        r.rssBytes === undefined ? '?' : (r.rssBytes / MB).toFixed(0),
        r.plannerCpuMs === undefined ? '-' : r.plannerCpuMs.toFixed(0),
        r.emulatorCpuMs === undefined ? '?' : seconds(r.emulatorCpuMs),
        r.load.toFixed(2),
        misses.length === 0 ? 'met' : `**missed**: ${misses.join('; ')}`,
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

function ratio(a, b) {
  return (a / b).toFixed(3);
}

function seconds(ms) {
  return (ms / 1000).toFixed(2);
}

/** Wall time split at the first and the last API call, next to what the calls alone need. */
export function renderTimeline(rows) {
  const head = ['scenario', 'groups', 'latency ms', 'phase', 'before the first call s', 'first to last call s', 'calls / rate s', 'after the last call s', 'wall s'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    if (r.firstCallMs === undefined || r.lastCallMs === undefined) continue;
    lines.push(
      `| ${[
        r.scenario,
        r.groups.toLocaleString('en-US'),
        r.latency,
        r.phase,
        seconds(r.firstCallMs),
        seconds(r.lastCallMs - r.firstCallMs),
        seconds((r.calls / r.rate) * 1000),
        seconds(r.wallMs - r.lastCallMs),
        seconds(r.wallMs),
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

/**
 * Replaces one section of RESULTS.md, the one headed by the section's first line (or adds
 * it at the end), keeping the rest: each part of the bench rewrites only what it measured.
 */
export function writeSection(file, section) {
  const heading = section[0];
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const body = section.join('\n').replace(/\n+$/, '') + '\n';
  const start = text.indexOf(heading);
  if (start === -1) return writeFileSync(file, `${text.replace(/\n*$/, '\n\n')}${body}`);
  const next = text.indexOf('\n## ', start + heading.length);
  writeFileSync(file, `${text.slice(0, start)}${body}${next === -1 ? '' : text.slice(next)}`);
}

#!/usr/bin/env node
/**
 * `npm run bench`: times `groupctl plan` and `groupctl apply` as a user runs them (separate
 * CLI processes) against the emulator with latency and a rate limit, and compares the API
 * calls and wall time with what the data needs (issue 5). Prints a Markdown table and
 * writes it to test/bench/RESULTS.md.
 *
 *   node test/bench/bench.mjs [--groups 1000,10000] [--huge] [--drift 0.1] [--rate 500]
 *     [--latency 20] [--concurrency 32] [--seed 1] [--keep] [--results FILE] [--cli dist/cli/main.js]
 *
 * Uses the built CLI in dist/ (npm run bench builds first); --cli benches another build,
 * e.g. a candidate fix, against the same data.
 */
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { minimumCalls } from './minimum.mjs';
import { DEFAULT_CLI, runCli, startEmulator, watchCalls } from './processes.mjs';
import { judge, renderTable, renderTimeline } from './report.mjs';
import { makeScenario } from './scenario.mjs';
import { writeScenario } from './write-files.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

const { values: flags } = parseArgs({
  options: {
    groups: { type: 'string', default: '1000,10000' },
    huge: { type: 'boolean', default: false },
    drift: { type: 'string', default: '0.1' },
    rate: { type: 'string', default: '500' },
    latency: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '32' },
    seed: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
    results: { type: 'string', default: path.join(HERE, 'RESULTS.md') },
    cli: { type: 'string', default: DEFAULT_CLI },
  },
});

const sizes = flags.groups.split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
if (flags.huge && !sizes.includes(100_000)) sizes.push(100_000);
const settings = {
  drift: Number(flags.drift),
  rate: Number(flags.rate),
  latency: Number(flags.latency),
  concurrency: Number(flags.concurrency),
  seed: Number(flags.seed),
};
for (const [name, value] of Object.entries(settings)) {
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number >= 0, got ${flags[name]}`);
}
const cli = path.resolve(flags.cli);
if (!existsSync(cli)) throw new Error(`${cli} is missing: run "npm run build" first (npm run bench does)`);

const rows = [];
const details = [];
for (const groups of sizes) {
  const result = await benchSize(groups);
  rows.push(...result.rows);
  details.push(result.detail);
  writeResults();
}
process.stdout.write(`\n${renderTable(rows)}\n\nWritten to ${path.relative(process.cwd(), flags.results)}\n`);

async function benchSize(groups) {
  const log = (line) => process.stderr.write(`[${groups.toLocaleString('en-US')} groups] ${line}\n`);
  const workDir = mkdtempSync(path.join(os.tmpdir(), `groupctl-bench-${groups}-`));
  log(`seeding in ${workDir}`);
  const scenario = makeScenario({ groups, drift: settings.drift, seed: settings.seed });
  const { dataFile, configDir, boundIds } = writeScenario(workDir, scenario);
  const min = minimumCalls(scenario.live, scenario.desired, boundIds);
  const emulator = await startEmulator({ cli, dataFile, latency: settings.latency, rate: settings.rate });
  const connection = ['--rate-limit', String(settings.rate), '--concurrency', String(settings.concurrency)];
  const rows = [];
  try {
    log('validate (no network: process start and config loading)');
    const validate = await runCli(['validate', configDir], { cli, base: emulator.base, workDir, name: 'validate', expect: [0] });

    const phase = async (name, args, expect, expected) => {
      log(`${name} ...`);
      await emulator.resetCounters();
      const cpuBefore = emulator.cpuMs();
      const load = os.loadavg()[0];
      const run = await runCli(args, { cli, base: emulator.base, workDir, name, expect, onStart: (t) => watchCalls(emulator, t) });
      const counters = await emulator.counters();
      const cpuAfter = emulator.cpuMs();
      const byKind = callsByKind(counters);
      const minimum = Object.values(expected).reduce((a, b) => a + b, 0);
      const row = {
        groups,
        phase: name,
        calls: counters.total,
        minimum,
        wallMs: run.wallMs,
        boundMs: (minimum / settings.rate) * 1000,
        status429: counters['status-429'],
        rssBytes: run.stats?.maxRssBytes,
        plannerCpuMs: run.stats?.plannerCpuMs,
        emulatorCpuMs: cpuBefore === undefined ? undefined : cpuAfter - cpuBefore,
        load,
        byKind,
        expectedByKind: expected,
        localMs: validate.wallMs,
        clientStats: run.stats,
        firstCallMs: run.calls?.firstMs,
        lastCallMs: run.calls?.lastMs,
      };
      row.misses = judge(row);
      rows.push(row);
      log(`${name}: ${row.calls} calls (minimum ${minimum}), ${(row.wallMs / 1000).toFixed(2)} s, ${row.status429} x 429`);
      return row;
    };

    await phase('plan', ['plan', configDir, '--detailed-exitcode', ...connection], [2], readsOnly(min.byKind));
    await phase('apply', ['apply', configDir, '--auto-approve', ...connection], [0], min.byKind);
    // Converged: planning again finds nothing to do, and costs the reads alone.
    const all = scenario.desired.length;
    await phase('plan again', ['plan', configDir, '--detailed-exitcode', ...connection], [0], {
      'get-groups': Math.ceil(all / 100),
      'list-admins': all,
    });
    return { rows, detail: { groups, scenario: scenario.driftKinds, min, validateMs: validate.wallMs, workDir } };
  } finally {
    await emulator.stop();
    if (!flags.keep) rmSync(workDir, { recursive: true, force: true });
  }
}

/** The emulator counts a one-name member call apart from a batch; both are one call for one run. */
function callsByKind(counters) {
  const out = {};
  for (const [kind, count] of Object.entries(counters)) {
    if (count === 0 || ['total', 'status-429', 'status-5xx', 'dropped'].includes(kind)) continue;
    const merged = kind === 'add-member' ? 'add-members' : kind === 'remove-member' ? 'remove-members' : kind;
    out[merged] = (out[merged] ?? 0) + count;
  }
  return out;
}

function readsOnly(byKind) {
  const reads = {};
  for (const kind of ['get-groups', 'list-admins', 'list-members']) if (byKind[kind]) reads[kind] = byKind[kind];
  return reads;
}

function writeResults() {
  const cpus = os.cpus();
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` (test/bench/bench.mjs) on ${new Date().toISOString()}.`,
    '',
    `Machine: ${cpus.length} x ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB RAM, Node ${process.version}, ${os.platform()}.`,
    `Emulator: ${settings.latency} ms latency, ${settings.rate} requests/s. Client: --rate-limit ${settings.rate} --concurrency ${settings.concurrency}.`,
    `CLI: ${path.relative(process.cwd(), cli) || cli}.`,
    `Drift: ${settings.drift * 100}% of the groups (seed ${settings.seed}). "load" is the 1-minute load average when the phase started.`,
    '',
    'calls/min: API calls made / the fewest the data needs; wall/bound: wall time (process spawn to exit) /',
    '(minimum calls / rate limit). Targets: calls within 1% of the minimum, wall within 1.10x of the bound, no 429s,',
    'and planning 100,000 groups in under 1 GB RSS with under 5 s of planner CPU.',
    '',
    renderTable(rows),
    '',
    '## Where the wall time went',
    '',
    'From the emulator\'s call counter, polled every 50 ms while the command ran.',
    '',
    renderTimeline(rows, settings.rate),
    '',
    '## Calls by kind (made / minimum)',
    '',
  ];
  for (const r of rows) {
    const kinds = [...new Set([...Object.keys(r.byKind), ...Object.keys(r.expectedByKind)])].sort();
    lines.push(`- ${r.groups.toLocaleString('en-US')} ${r.phase}: ${kinds.map((k) => `${k} ${r.byKind[k] ?? 0}/${r.expectedByKind[k] ?? 0}`).join(', ')}`);
  }
  lines.push('', '## Drift mix (drifted groups by kind)', '');
  for (const d of details) {
    lines.push(
      `- ${d.groups.toLocaleString('en-US')} groups: ${Object.entries(d.scenario).map(([k, v]) => `${k} ${v}`).join(', ')}; ` +
        `validate (process start + config load, no network) ${(d.validateMs / 1000).toFixed(2)} s`,
    );
  }
  writeFileSync(flags.results, lines.join('\n') + '\n');
}

/**
 * The scale rows of issue 23 (deliverables 1 and 5): a settings-only drift plan of N bound
 * groups against an emulator with no rate limit and no latency, groupctl's CPU time and
 * peak RSS against the floor's (floor.mjs: the same YAML, state file and detail pages),
 * both children of this process, run in turn against the same emulator. Every run is
 * reported; the fastest CPU and the smallest RSS of each side make the ratio (target 1.5x).
 *   node test/bench/scale.mjs [--groups 50000] [--runs 3] [--dir DIR] [--cli dist/cli/main.cjs] [--write]
 * (npm run build first; --write puts the section into RESULTS.md).
 * `--dir` keeps the seeded scenario in DIR and reuses it when it is there (profiling).
 * `npm run bench` runs 50,000 only: a CLI plan of 1,000,000 groups took 244 s alone (the
 * `--million` run, RESULTS.md), so three runs of each side at that size do not fit the few
 * minutes a row may take; `--scale-groups 50000,1000000` measures it when there is time.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_CLI, startEmulator } from './processes.mjs';
import { writeSection } from './report.mjs';
import { makeScenario } from './scenario.mjs';
import { writeScenario } from './write-files.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const HEADING = '## CPU and memory at scale against the floor';
const TARGET = 1.5;
const MB = 1024 * 1024;

/** Runs one measured child: `node --import rusage.mjs ARGS`, and reads what the hook wrote. */
export async function measureChild(args, { env, workDir, name, expect }) {
  const usageFile = path.join(workDir, `${name}.rusage.json`);
  rmSync(usageFile, { force: true });
  const started = process.hrtime.bigint();
  let stderr = '';
  const code = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', path.join(HERE, 'rusage.mjs'), ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...env, BENCH_RUSAGE_FILE: usageFile, NO_COLOR: '1' },
    });
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (!expect.includes(code)) throw new Error(`${name} exited ${code} (expected ${expect.join(' or ')}); stderr ends:\n${stderr}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8'));
  return { ...usage, wallMs: Number(process.hrtime.bigint() - started) / 1e6 };
}

/** Seeds (or reuses) the scenario of `groups` settings-only groups and measures both sides `runs` times, in turn. */
export async function measureScale({ cli = DEFAULT_CLI, groups, runs = 3, drift = 0.1, seed = 1, dir, log = () => {} }) {
  const workDir = dir ?? mkdtempSync(path.join(os.tmpdir(), `groupctl-scale-${groups}-`));
  mkdirSync(workDir, { recursive: true });
  const dataFile = path.join(workDir, 'emulator.json');
  const configDir = path.join(workDir, 'groups');
  if (!existsSync(path.join(configDir, 'groupctl.state.json'))) {
    log(`seeding ${groups} groups in ${workDir}`);
    writeScenario(workDir, makeScenario({ groups, drift, seed, settingsOnly: true }));
  }
  const emulator = await startEmulator({ cli, dataFile, latency: 0, rate: 0 });
  const env = { GROUPCTL_BASE_URL: emulator.base, GROUPCTL_TOKEN: 'emulator-token' };
  const result = { groups, load: os.loadavg()[0], groupctl: [], floor: [] };
  try {
    for (let i = 0; i < runs; i++) {
      log(`run ${i + 1}/${runs}: floor`);
      result.floor.push(await measureChild([path.join(HERE, 'floor.mjs'), workDir, emulator.base], { env, workDir, name: 'floor', expect: [0] }));
      log(`run ${i + 1}/${runs}: groupctl plan`);
      // No limit on the server; the client's rate set far above what one emulator serves.
      const args = [cli, 'plan', configDir, '--detailed-exitcode', '--rate-limit', '1000000'];
      result.groupctl.push(await measureChild(args, { env, workDir, name: 'groupctl', expect: [2] }));
    }
  } finally {
    await emulator.stop();
    if (dir === undefined) rmSync(workDir, { recursive: true, force: true });
  }
  return result;
}

const best = (runs, field) => Math.min(...runs.map((r) => r[field]));
const every = (runs, field, scale) => runs.map((r) => (r[field] / scale).toFixed(field === 'cpuMs' ? 2 : 0)).join(', ');

/** The section's lines: per size, every run of each side and the ratios of the best ones. */
export function renderScale(results, { date = new Date().toISOString(), note = [] } = {}) {
  const cpus = os.cpus();
  const lines = [
    HEADING,
    '',
    `Measured ${date} by test/bench/scale.mjs on ${cpus.length} x ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB RAM, Node ${process.version}:`,
    'a settings-only drift plan (`plan --detailed-exitcode`, 10% of the groups drifted) of bound groups with 5-30 members',
    'each, against an emulator with no rate limit and no latency; the floor (floor.mjs) parses the same YAML with',
    'js-yaml and the same state file, and fetches and JSON-parses the same detail pages, 8 in flight. Both run as',
    'children of the bench, one after the other against the same emulator; CPU is user + system, RSS the peak',
    '(`process.resourceUsage()`). The ratio compares the fastest CPU and the smallest RSS of each side. Target 1.5x.',
    '',
    '| groups | groupctl CPU s (every run) | floor CPU s | CPU ratio | groupctl RSS MB | floor RSS MB | RSS ratio | load | verdict |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const cpu = best(r.groupctl, 'cpuMs') / best(r.floor, 'cpuMs');
    const rss = best(r.groupctl, 'maxRssBytes') / best(r.floor, 'maxRssBytes');
    const verdict = cpu <= TARGET && rss <= TARGET ? 'met' : `**missed** (${[cpu > TARGET ? 'CPU' : '', rss > TARGET ? 'RSS' : ''].filter(Boolean).join(', ')})`;
    lines.push(
      `| ${r.groups.toLocaleString('en-US')} | ${every(r.groupctl, 'cpuMs', 1000)} | ${every(r.floor, 'cpuMs', 1000)} | ${cpu.toFixed(2)}x | ` +
        `${every(r.groupctl, 'maxRssBytes', MB)} | ${every(r.floor, 'maxRssBytes', MB)} | ${rss.toFixed(2)}x | ${r.load.toFixed(2)} | ${verdict} |`,
    );
  }
  const sizes = new Set(results.map((r) => r.groups));
  const million = sizes.has(1_000_000) ? [] : ['1,000,000 groups: not measured here (a CLI plan of that size took 244 s alone; `--scale-groups 50000,1000000`).'];
  return [...lines, '', ...million, ...note, ...(note.length + million.length > 0 ? [''] : [])];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      groups: { type: 'string', default: '50000' },
      runs: { type: 'string', default: '3' },
      dir: { type: 'string' },
      /** Another build to measure (a before/after of a change): its dist/cli/main.cjs (dist/cli/main.js before it). */
      cli: { type: 'string', default: DEFAULT_CLI },
      write: { type: 'boolean', default: false },
    },
  });
  const results = [];
  for (const groups of values.groups.split(',').map(Number)) {
    const log = (line) => process.stderr.write(`[scale ${groups.toLocaleString('en-US')}] ${line}\n`);
    results.push(await measureScale({ cli: path.resolve(values.cli), groups, runs: Number(values.runs), dir: values.dir, log }));
  }
  const section = renderScale(results);
  if (values.write) writeSection(path.join(HERE, 'RESULTS.md'), section);
  process.stdout.write(`${section.join('\n')}\n${JSON.stringify(results)}\n`);
}

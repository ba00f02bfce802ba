/**
 * Linear growth (issue 23, deliverable 3): each command's CPU at one size and at four times
 * that size, against an emulator with no rate limit and no latency, so our own work is what
 * grows. Linear work grows about 4x (less, as start-up is a fixed part); a quadratic step
 * grows 16x. A case passes when its growth stays under GENEROUS (6x): the guard that no
 * step of validate, plan, render (text, JSON, Markdown) or apply is quadratic.
 *   members: one new group declaring N members (32,500 and 130,000), created with them;
 *   groups:  N new groups of 5 members each (2,500 and 10,000).
 * The members case passes --no-check-users: checking 130,000 users is 130,000 look-ups,
 * linear by construction and an API cost, not ours.
 *   node test/bench/linear.mjs [--scale 1]   (npm run build first; --scale 0.1 for a quick run)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_CLI, startEmulator } from './processes.mjs';
import { measureChild } from './scale.mjs';

export const LINEAR_HEADING = '## Linear growth (CPU at 4x the size)';
const GENEROUS = 6;
const GROWTH = 4;

const CASES = {
  members: { base: 32_500, users: (n) => n + 1, config: (n) => membersConfig(n), checkUsers: false },
  groups: { base: 2_500, users: () => 1_000, config: (n) => groupsConfig(n), checkUsers: true },
};

function membersConfig(n) {
  const members = Array.from({ length: n }, (_, i) => `u${i}`);
  return `groups:\n  big:\n    name: Big\n    owner: owner\n    max_users: ${n + 1}\n    members: [${members.join(', ')}]\n`;
}

function groupsConfig(n) {
  const lines = ['groups:'];
  for (let g = 0; g < n; g++) {
    const members = Array.from({ length: 5 }, (_, m) => `u${(g * 7 + m * 131) % 1000}`);
    lines.push(`  team-${g}:`, `    name: Team ${g}`, `    owner: u${g % 1000}`, `    members: [${members.filter((u) => u !== `u${g % 1000}`).join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

/** The commands of one size, in the order a user runs them, each a process measured by rusage.mjs. */
async function measureSize({ cli, kind, n, log }) {
  const spec = CASES[kind];
  const dir = mkdtempSync(path.join(os.tmpdir(), `groupctl-linear-${kind}-${n}-`));
  try {
    const users = Array.from({ length: spec.users(n) }, (_, i) => `u${i}`);
    if (kind === 'members') users.push('owner');
    const dataFile = path.join(dir, 'emulator.json');
    writeFileSync(dataFile, JSON.stringify({ users, groups: [] }));
    mkdirSync(path.join(dir, 'groups'));
    writeFileSync(path.join(dir, 'groups', 'groups.yaml'), spec.config(n));
    const emulator = await startEmulator({ cli, dataFile, latency: 0, rate: 0 });
    const env = { GROUPCTL_BASE_URL: emulator.base, GROUPCTL_TOKEN: 'emulator-token' };
    const config = path.join(dir, 'groups');
    const flags = ['--rate-limit', '1000000', ...(spec.checkUsers ? [] : ['--no-check-users'])];
    const steps = [
      ['validate', ['validate', config], [0]],
      ['plan (text)', ['plan', config, '--detailed-exitcode', ...flags], [2]],
      ['plan --format json', ['plan', config, '--format', 'json', ...flags], [0]],
      ['plan --format markdown', ['plan', config, '--format', 'markdown', ...flags], [0]],
      ['apply', ['apply', config, '--auto-approve', ...flags], [0]],
      ['plan after apply', ['plan', config, '--detailed-exitcode', ...flags], [0]],
    ];
    const rows = {};
    try {
      for (const [name, args, expect] of steps) {
        log(`${kind} ${n.toLocaleString('en-US')}: ${name}`);
        rows[name] = await measureChild([cli, ...args], { env, workDir: dir, name: name.replace(/\W+/g, '-'), expect });
      }
    } finally {
      await emulator.stop();
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Both sizes of every case; returns the section's lines. */
export async function measureLinear({ cli = DEFAULT_CLI, scale = 1, log = () => {} } = {}) {
  const load = os.loadavg()[0];
  const lines = [
    LINEAR_HEADING,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} by \`node test/bench/linear.mjs\` on ${os.cpus().length} cores (load average at start ${load.toFixed(2)}):`,
    `CPU (user + system) of each command's process at N and at ${GROWTH}N, against an emulator with no rate limit and no latency.`,
    `Linear work grows about ${GROWTH}x (less: start-up is fixed), a quadratic step 16x; a row passes under ${GENEROUS}x.`,
    '',
    '| case | command | N | CPU s | 4N | CPU s | growth | verdict |',
    '|---|---|---|---|---|---|---|---|',
  ];
  let failed = 0;
  for (const kind of Object.keys(CASES)) {
    const n = Math.max(10, Math.round(CASES[kind].base * scale));
    const small = await measureSize({ cli, kind, n, log });
    const large = await measureSize({ cli, kind, n: n * GROWTH, log });
    for (const name of Object.keys(small)) {
      const growth = large[name].cpuMs / small[name].cpuMs;
      const ok = growth < GENEROUS;
      if (!ok) failed++;
      const fmt = (ms) => (ms / 1000).toFixed(2);
      lines.push(`| ${kind} | ${name} | ${n.toLocaleString('en-US')} | ${fmt(small[name].cpuMs)} | ${(n * GROWTH).toLocaleString('en-US')} | ${fmt(large[name].cpuMs)} | ${growth.toFixed(2)}x | ${ok ? 'linear' : '**grows faster**'} |`);
    }
  }
  lines.push('', failed === 0 ? 'Every command grows linearly.' : `${failed} commands grow faster than linear.`, '');
  return { lines, failed };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' }, cli: { type: 'string', default: DEFAULT_CLI } } });
  const { lines, failed } = await measureLinear({ cli: path.resolve(values.cli), scale: Number(values.scale), log: (l) => process.stderr.write(`[linear] ${l}\n`) });
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exitCode = failed === 0 ? 0 : 1;
}

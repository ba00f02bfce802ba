#!/usr/bin/env node
/**
 * The pure planner alone at scale (issue 11): makePlan over N groups of the benchmark's
 * scenario, in memory, no I/O. Each size runs in a fresh child process so one heap does
 * not tax the next; prints the planner's CPU time (user + system) and the share of it
 * spent in garbage collection. Each size runs `--runs` times (default 3) and the fastest
 * run counts: on a shared machine one run of the same code moves by up to 25%, and the
 * fastest is the one least disturbed by other work (every run is reported too).
 *
 *   node test/bench/planner.mjs [--groups 100000,1000000] [--runs 3] [--drift 0.1] [--seed 1]
 */
import { execFileSync } from 'node:child_process';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { makeScenario } from './scenario.mjs';

const { values: flags } = parseArgs({
  options: {
    groups: { type: 'string', default: '100000,1000000' },
    drift: { type: 'string', default: '0.1' },
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '3' },
    child: { type: 'string' },
  },
});

if (flags.child !== undefined) {
  process.stdout.write(JSON.stringify(await measure(Number(flags.child))) + '\n');
} else {
  const results = [];
  for (const n of flags.groups.split(',').map(Number)) {
    const runs = [];
    for (let run = 0; run < Number(flags.runs); run++) {
      const out = execFileSync(process.execPath, ['--max-old-space-size=8192', fileURLToPath(import.meta.url), '--child', String(n), '--drift', flags.drift, '--seed', flags.seed], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      runs.push(JSON.parse(out));
    }
    const fastest = runs.reduce((a, b) => (b.cpuMs < a.cpuMs ? b : a));
    const result = { ...fastest, runsCpuMs: runs.map((r) => Math.round(r.cpuMs)) };
    results.push(result);
    process.stderr.write(`${n.toLocaleString('en-US')} groups: planner CPU ${result.cpuMs.toFixed(0)} ms (fastest of ${result.runsCpuMs.join(', ')}), GC ${result.gcMs.toFixed(0)} ms, ${result.steps} steps\n`);
  }
  process.stdout.write(JSON.stringify(results) + '\n');
}

async function measure(n) {
  const { makePlan } = await import('../../dist/plan/index.js');
  const scenario = makeScenario({ groups: n, drift: Number(flags.drift), seed: Number(flags.seed) });
  const groups = new Map();
  const bindings = new Map();
  const live = new Map();
  const byIndex = scenario.live;
  scenario.desired.forEach((d, i) => {
    const source = { file: 'groups.yaml', line: i + 1, col: 3 };
    const admins = [...d.admins].sort();
    const adminSet = new Set([d.owner, ...admins]);
    groups.set(d.key, {
      key: d.key,
      source,
      settings: d.settings,
      owner: d.owner,
      admins,
      ...(d.members ? { members: d.members.filter((u) => !adminSet.has(u)).sort() } : {}),
      ...(d.disabled !== undefined ? { disabled: d.disabled } : {}),
      ensure: 'present',
      protect: false,
    });
    const g = byIndex[i];
    if (g === undefined || !d.key.startsWith('g')) return;
    bindings.set(d.key, { id: g.id });
    live.set(g.id, {
      id: g.id,
      settings: {
        name: g.groupname, description: g.description, public: g.public, max_users: g.maxusers,
        allow_invites: g.allowinvites, members_only: g.membersonly, ...(g.custom ? { custom: g.custom } : {}),
      },
      disabled: g.disabled,
      owner: g.owner,
      admins: [...g.admins].sort(),
      members: [...g.members].sort(),
      created: g.created,
    });
  });
  let gcMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  });
  observer.observe({ entryTypes: ['gc'] });
  const before = process.cpuUsage();
  const plan = makePlan({ desired: { groups, files: [] }, bindings, live });
  const used = process.cpuUsage(before);
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  void constants;
  return { groups: n, cpuMs: (used.user + used.system) / 1000, gcMs, steps: plan.steps.length };
}

/**
 * The processes a user would run: the emulator as a server of its own, and groupctl as a
 * fresh CLI process per command, timed from spawn to exit.
 */
import { spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_CLI = path.join(ROOT, 'dist/cli/main.cjs');

/** Starts `groupctl emulator` and resolves once it prints where it listens. */
export async function startEmulator({ cli, dataFile, latency, rate }) {
  const child = spawn(
    process.execPath,
    [cli, 'emulator', '--port', '0', '--data', dataFile, '--latency', String(latency), '--rate-limit', String(rate)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code}) before listening:\n${stderr}`)));
    lines.once('line', (line) => {
      const match = /^listening on (http:\/\/\S+)/.exec(line);
      if (match) resolve(match[1]);
      else reject(new Error(`unexpected first line from the emulator: ${line}`));
    });
  });
  lines.on('line', () => {});
  return {
    url,
    base: `${url}/demo/demo`,
    pid: child.pid,
    counters: () => control(url, 'GET', '/_emulator/counters'),
    resetCounters: () => control(url, 'POST', '/_emulator/counters/reset'),
    cpuMs: () => processCpuMs(child.pid),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function control(url, method, route) {
  const res = await fetch(`${url}${route}`, { method });
  if (!res.ok) throw new Error(`${method} ${route}: HTTP ${res.status}`);
  return res.json();
}

/**
 * Runs `groupctl ARGS` against the emulator with GROUPCTL_STATS_FILE set; stdout goes to
 * a file, as when a user redirects the plan. Resolves with the exit code, the wall time
 * from spawn to exit, the CLI's own numbers, and what the watcher `onStart` made at spawn saw.
 */
export async function runCli(args, { cli, base, workDir, name, expect, onStart }) {
  const statsFile = path.join(workDir, `${name}.stats.json`);
  const outFile = path.join(workDir, `${name}.out.txt`);
  const errFile = path.join(workDir, `${name}.err.txt`);
  rmSync(statsFile, { force: true });
  const out = openSync(outFile, 'w');
  const err = openSync(errFile, 'w');
  const started = process.hrtime.bigint();
  const watch = onStart?.(started);
  const code = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      stdio: ['ignore', out, err],
      env: {
        ...process.env,
        GROUPCTL_BASE_URL: base,
        GROUPCTL_TOKEN: 'emulator-token',
        GROUPCTL_STATS_FILE: statsFile,
        NO_COLOR: '1',
      },
    });
    child.once('error', reject);
    child.once('exit', (c) => resolve(c));
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const calls = await watch?.stop();
  closeSync(out);
  closeSync(err);
  if (!expect.includes(code)) {
    const tail = readFileSync(errFile, 'utf8').split('\n').slice(-20).join('\n');
    throw new Error(`groupctl ${args[0]} exited ${code} (expected ${expect.join(' or ')}); stderr ends:\n${tail}`);
  }
  const stats = existsSync(statsFile) ? JSON.parse(readFileSync(statsFile, 'utf8')) : undefined;
  return { code, wallMs, stats, outFile, calls };
}

/** User + system CPU of a process so far, from /proc (Linux); undefined elsewhere. */
function processCpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100;
  } catch {
    return undefined;
  }
}

/**
 * Polls the emulator's call counter while a command runs, to split its wall time into
 * "before the first call", "calls" and "after the last call". Times are ms since `since`
 * (a process.hrtime.bigint()), to the polling interval's precision.
 */
export function watchCalls(emulator, since, intervalMs = 50) {
  let firstMs;
  let lastMs;
  let lastTotal = 0;
  let polling = Promise.resolve();
  const elapsed = () => Number(process.hrtime.bigint() - since) / 1e6;
  const timer = setInterval(() => {
    polling = polling.then(async () => {
      const at = elapsed();
      const { total } = await emulator.counters();
      if (total > 0 && firstMs === undefined) firstMs = at;
      if (total !== lastTotal) lastMs = at;
      lastTotal = total;
    }).catch(() => {});
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await polling;
      return { firstMs, lastMs };
    },
  };
}

// Start-up rows (issue 23): the fastest of 15 runs of each command against `node -e 0`, in
// the same process tree, one after the other. Run alone: node test/bench/start-up.mjs
// (npm run build first); `npm run bench` runs it too unless --only leaves out start-up.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { writeSection } from './report.mjs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HEADING = '## Start-up (fastest of 15 against `node -e 0`)';
const RUNS = 15;

/** Target ratios of issue 23, deliverable 2. */
const CASES = [
  { name: '`--version`', args: ['--version'], target: 1.5 },
  { name: '`validate examples/small-team`', args: ['validate', 'examples/small-team'], target: 2.5 },
  { name: 'no-change `plan --sandbox examples/small-team`', args: ['plan', '--sandbox', '--detailed-exitcode', 'examples/small-team'], target: 4 },
];
const USERS = 'alice,bob,carol,dave,erin';

/**
 * A temp folder with the example and a sandbox that already matches it (applied once, its
 * users registered), so the plan row measures a plan with nothing to do, and nothing is
 * written to the checkout.
 */
function preparedFolder(cli) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'groupctl-start-up-'));
  cpSync(path.join(ROOT, 'examples/small-team'), path.join(dir, 'examples/small-team'), { recursive: true });
  execFileSync(process.execPath, [cli, 'apply', '--sandbox', '--sandbox-users', USERS, '--auto-approve', 'examples/small-team'], { cwd: dir, stdio: 'ignore', env: { PATH: process.env.PATH } });
  return dir;
}

function fastest(args, cwd) {
  let best = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    execFileSync(process.execPath, args, { cwd, stdio: 'ignore', env: { PATH: process.env.PATH } });
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
  }
  return best;
}

/** The section's lines: one row per command, with its ratio and the verdict. */
export function measureStartUp(cli) {
  const load = os.loadavg()[0];
  const dir = preparedFolder(cli);
  const floor = fastest(['-e', '0'], dir);
  const lines = [HEADING, '', `\`node -e 0\`: ${floor.toFixed(0)} ms; load average at start ${load.toFixed(2)}.`, '', '| command | ms | ratio | target | verdict |', '|---|---|---|---|---|'];
  for (const c of CASES) {
    const ms = fastest([cli, ...c.args], dir);
    const ratio = ms / floor;
    lines.push(`| ${c.name} | ${ms.toFixed(0)} | ${ratio.toFixed(2)}x | ${c.target}x | ${ratio <= c.target ? 'met' : '**missed**'} |`);
  }
  rmSync(dir, { recursive: true, force: true });
  return [...lines, ''];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const section = measureStartUp(path.join(ROOT, 'dist/cli/main.cjs'));
  writeSection(path.join(ROOT, 'test/bench/RESULTS.md'), section);
  process.stdout.write(`${section.join('\n')}\n`);
}

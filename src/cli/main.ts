#!/usr/bin/env node
import { deliverSignal, interruptedBy, SIGNAL_EXIT } from './interrupt.js';
// run-stats.ts, not the index: `--version` must not load the engine (issue 23).
import { writeRunStats } from '../engine/run-stats.js';
import { asksVersion, version } from './version.js';

const startedAt = Date.now();
const argv = process.argv.slice(2);

// Answered before the dispatcher and its command table load: a version check in a script
// should cost little more than starting node (issue 23). run.ts gives the same answer.
if (asksVersion(argv)) {
  process.stdout.write(`groupctl ${version()}\n`);
} else {
  // Not a top-level await: the shipped CLI is a CommonJS bundle (cli/launch.ts). A rejection
  // still ends the process with its stack and exit code 1, as an unhandled one does.
  void main();
}

async function main(): Promise<void> {
  // undici parses HTTP with llhttp in WebAssembly. After a few responses V8 recompiles its
  // parser with TurboFan on a worker thread (110-150 ms on the benchmark machine), and node
  // waits for that worker before it exits: a no-change plan paid it after its last call. Its
  // baseline (Liftoff) code parses 20,000 responses in the same CPU time (test/bench/RESULTS.md,
  // "Start-up: what was cut"), so the CLI, which owns its process, never tiers wasm up. Only
  // wasm: JavaScript is compiled as before. The library leaves its host's V8 alone. Every
  // command sets it, as the code cache of dist/bin/ was made with it (V8 refuses a cache made
  // under other flags); getBuiltinModule, unlike import(), starts no ES module loader.
  process.getBuiltinModule('node:v8').setFlagsFromString('--liftoff-only');
  const { run } = await import('./run.js');

  // Apply takes the first signal itself (it stops starting work, lets calls in flight end and
  // saves the state). Otherwise, or at a second signal, exit through process.exit so 'exit'
  // handlers run: the state store folds its journal into the state file, then the lock goes.
  if (argv[0] !== 'emulator') {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        if (deliverSignal(signal)) return;
        process.stderr.write(
          `\ninterrupted (${signal}). Calls in flight may or may not have taken effect: run the same command again; ` +
            'apply settles unfinished creates before anything else.\n',
        );
        process.exit(SIGNAL_EXIT[signal]);
      });
    }
  }

  const code = await run(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    // A getter: node opens stdin when it is first read, loading its stream modules (2-4 ms of
    // start-up, issue 23); only apply's confirmation reads it.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    cwd: process.cwd(),
  });
  if (code !== 'running') process.exitCode = code;
  const statsFile = process.env.GROUPCTL_STATS_FILE;
  if (statsFile && code !== 'running') writeRunStats(statsFile, startedAt);
  // After an interrupted apply, calls abandoned in flight must not keep the process alive.
  if (interruptedBy() !== undefined) process.exit();
}

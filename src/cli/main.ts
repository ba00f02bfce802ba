#!/usr/bin/env node
import { deliverSignal, interruptedBy, SIGNAL_EXIT } from './interrupt.js';
import { run } from './run.js';
import { writeRunStats } from './stats.js';

const startedAt = Date.now();
const argv = process.argv.slice(2);

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
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
});
if (code !== 'running') process.exitCode = code;
const statsFile = process.env.GROUPCTL_STATS_FILE;
if (statsFile && code !== 'running') writeRunStats(statsFile, startedAt);
// After an interrupted apply, calls abandoned in flight must not keep the process alive.
if (interruptedBy() !== undefined) process.exit();

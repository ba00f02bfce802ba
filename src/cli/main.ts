#!/usr/bin/env node
import { run } from './run.js';
import { writeRunStats } from './stats.js';

const startedAt = Date.now();
const argv = process.argv.slice(2);

// Exit through process.exit so 'exit' handlers (the state lock's release) run; the state
// journal is already durable, so the next apply picks up where this one stopped.
if (argv[0] !== 'emulator') {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      process.stderr.write(
        `\ninterrupted (${signal}). Calls in flight may or may not have taken effect: run the same command again; ` +
          'apply settles unfinished creates before anything else.\n',
      );
      process.exit(code);
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

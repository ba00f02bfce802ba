#!/usr/bin/env node
import { run } from './run.js';
import { writeRunStats } from './stats.js';

const startedAt = Date.now();

const code = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
});
if (code !== 'running') process.exitCode = code;
const statsFile = process.env.GROUPCTL_STATS_FILE;
if (statsFile && code !== 'running') writeRunStats(statsFile, startedAt);

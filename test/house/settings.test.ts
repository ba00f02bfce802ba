/**
 * Issue 20, settings once: every flag and environment variable is read in
 * cli/settings.ts and handed down as data. The few other places that read the
 * environment are listed here with the reason each cannot wait for the settings.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const SRC = path.join(ROOT, 'src');
const FILES = (readdirSync(SRC, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).sort();

/** Where the environment may be read, and why not in cli/settings.ts. */
const READERS: Record<string, string> = {
  'cli/settings.ts': 'the one place: flags and variables of plan, apply, import, export, doctor',
  'cli/main.ts': 'the process entry: hands process.env to the Io, and GROUPCTL_STATS_FILE after the run ends',
  'cli/io.ts': 'masks secret variables and picks colour before any command, settings included, can print',
  'cli/run.ts': 'the last-resort error path: masks secrets and GROUPCTL_DEBUG adds a stack, also for errors in the settings',
  'comment/github.ts': "the comment command's CI environment (GITHUB_*), not the service's settings",
  'comment/gitlab.ts': "the comment command's CI environment (CI_*), not the service's settings",
  'comment/post-comment.ts': 'which code host the CI is, and GROUPCTL_COMMENT_TIMEOUT, for the comment command alone',
  'demo/main.ts': 'an entry point of its own (npm run demo) that starts the CLI',
  'demo/output.ts': "the demo's own colour choice",
};

/** A read of the environment: process.env, or a variable read off an env object. */
const READ = /\bprocess\.env\b|\benv\.[A-Z][A-Z0-9_]*\b|\benv\[/;

describe('settings once', () => {
  it('reads the environment only in cli/settings.ts and the listed places', () => {
    const readers = FILES.filter((f) => READ.test(readFileSync(path.join(SRC, f), 'utf8'))).map((f) => f.split(path.sep).join('/'));
    expect(readers.filter((f) => !(f in READERS))).toEqual([]);
  });

  it('api/ reads no environment: a Connection is data', () => {
    const api = FILES.filter((f) => f.startsWith(`api${path.sep}`));
    expect(api.filter((f) => /\benv\b/.test(readFileSync(path.join(SRC, f), 'utf8')))).toEqual([]);
  });

  it('lists only files that exist and still read it (the list cannot go stale)', () => {
    const readers = new Set(FILES.filter((f) => READ.test(readFileSync(path.join(SRC, f), 'utf8'))).map((f) => f.split(path.sep).join('/')));
    expect(Object.keys(READERS).filter((f) => !readers.has(f))).toEqual([]);
  });
});

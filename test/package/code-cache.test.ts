/**
 * The CLI compiles its chunks from the V8 code cache the build wrote beside them
 * (cli/code-cache.ts, issue 23): a run of this build takes every cache it reads, and a cache
 * V8 refuses (another node, or a broken file) costs nothing but the compile: the command
 * runs as it would without one. A preload wraps vm.Script to see what V8 said of each cache.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, cleanEnv, tempDir } from '../helpers/cli.js';

const WATCH = `data:text/javascript,${encodeURIComponent(`
import vm from 'node:vm';
import { writeFileSync } from 'node:fs';
const seen = [];
const Script = vm.Script;
vm.Script = class extends Script {
  constructor(source, options) {
    super(source, options);
    seen.push({ file: options.filename.split('/').pop(), cache: options.cachedData === undefined ? 'none' : this.cachedDataRejected ? 'rejected' : 'taken' });
  }
};
process.on('exit', () => writeFileSync(process.env.WATCH_OUT, JSON.stringify(seen)));
`)}`;

interface Seen {
  file: string;
  cache: 'none' | 'rejected' | 'taken';
}

const work = tempDir();
afterAll(() => rmSync(work, { recursive: true, force: true }));

function validate(root: string): { code: number | null; stdout: string; seen: Seen[] } {
  const out = path.join(work, 'seen.json');
  rmSync(out, { force: true });
  const run = spawnSync(process.execPath, ['--import', WATCH, path.join(root, 'dist/cli/main.cjs'), 'validate', path.join(ROOT, 'examples/small-team')], {
    cwd: work,
    env: cleanEnv({ WATCH_OUT: out }),
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, seen: JSON.parse(readFileSync(out, 'utf8')) as Seen[] };
}

describe('the code cache of the CLI bundle', () => {
  it('is there for each chunk a short command loads, and V8 takes every one a validate reads', () => {
    const caches = readdirSync(path.join(ROOT, 'dist/bin')).filter((f) => f.endsWith('.v8cache'));
    expect(caches.some((f) => f.startsWith('prepare-'))).toBe(true);
    const run = validate(ROOT);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Configuration is valid');
    expect(run.seen.length).toBeGreaterThan(3);
    expect(run.seen.filter((s) => s.cache !== 'taken')).toEqual([]);
  });

  it('costs only the compile when V8 refuses a cache: the command runs the same', () => {
    // A copy of the package whose every cache is garbage, as a cache of another V8 would be to this one.
    const copy = path.join(work, 'package');
    mkdirSync(copy);
    for (const part of ['dist', 'schemas', 'package.json']) cpSync(path.join(ROOT, part), path.join(copy, part), { recursive: true });
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
    const bin = path.join(copy, 'dist/bin');
    for (const file of readdirSync(bin).filter((f) => f.endsWith('.v8cache'))) writeFileSync(path.join(bin, file), 'not the code V8 made for this chunk');
    const run = validate(copy);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Configuration is valid: 3 groups in 1 file.');
    expect(run.seen.length).toBeGreaterThan(3);
    expect(run.seen.filter((s) => s.cache !== 'rejected')).toEqual([]);
  });
});

/** The Node.js version check of the launcher (cli/launch.ts): the oldest version it accepts is package.json's. */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIN_NODE, nodeTooOld } from '../../src/cli/version.js';
import { CLI, ROOT, cleanEnv, tempDir } from '../helpers/cli.js';

describe('the Node.js version check', () => {
  it('asks for what package.json asks for', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe(`>=${MIN_NODE}`);
  });

  it('lets 20.18 and later run, and names the version and what to do for an older one', () => {
    for (const ok of ['20.18.0', '20.20.2', '22.3.0', '24.0.0', process.versions.node]) expect(nodeTooOld(ok)).toBeUndefined();
    for (const old of ['20.17.9', '20.9.0', '18.20.4', '16.0.0']) {
      expect(nodeTooOld(old)).toBe(`groupctl needs Node.js 20.18 or later, and this is ${old}: install a current LTS release (https://nodejs.org) and run it again.`);
    }
  });

  it('is what the bin does first: on an older node a command stops with that message and exit code 1', () => {
    const dir = tempDir();
    try {
      // The node the tests run on, made to say it is 18 (process.versions is replaced before the bin runs).
      const older = path.join(dir, 'older.cjs');
      writeFileSync(older, "Object.defineProperty(process, 'versions', { value: { ...process.versions, node: '18.20.4' } });\n");
      const run = spawnSync(process.execPath, ['-r', older, CLI, 'validate', path.join(ROOT, 'examples/small-team')], { cwd: dir, env: cleanEnv(), encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(`Error: ${nodeTooOld('18.20.4')}\n`);
      expect(run.stdout).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

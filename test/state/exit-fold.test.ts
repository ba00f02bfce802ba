/**
 * After any exit but kill -9 the state file alone holds every binding: a process that
 * exits (process.exit, an uncaught error, a second Ctrl-C) with its store still open
 * folds the journal into the state file on the way out, before its lock goes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { useTempDir } from './helpers.js';

const tempDir = useTempDir();
const STORE = pathToFileURL(join(ROOT, 'dist/state/state-store.js')).href;

function childThat(ending: string, path: string): ReturnType<typeof spawnSync> {
  const script = `
    const { StateStore } = await import(${JSON.stringify(STORE)});
    const store = await StateStore.open(${JSON.stringify(path)});
    store.bind('a', { id: '1' });
    store.bind('b', { id: '2', written: { invite_need_confirm: true } });
    ${ending}
  `;
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
}

describe('a process that exits with its state store open', () => {
  it.each([
    ['calls process.exit', 'process.exit(3);', 3],
    ['dies of an uncaught error', "throw new Error('boom');", 1],
    ['is stopped by a signal handler that exits (a second Ctrl-C)', "process.on('SIGTERM', () => process.exit(143)); process.kill(process.pid, 'SIGTERM'); await new Promise((r) => setTimeout(r, 5000));", 143],
  ])('%s: the state file holds every binding, no journal or lock is left', (_name, ending, code) => {
    const dir = tempDir();
    const path = join(dir, 'groupctl.state.json');
    const child = childThat(ending, path);
    expect(child.status, String(child.stderr)).toBe(code);
    expect(JSON.parse(readFileSync(path, 'utf8')).bindings).toEqual({ a: { id: '1' }, b: { id: '2', written: { invite_need_confirm: true } } });
    expect(existsSync(`${path}.journal`)).toBe(false);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });
});

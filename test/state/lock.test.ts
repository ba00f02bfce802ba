import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock, StateLockedError } from '../../src/state/lock.js';
import { StateStore } from '../../src/state/state-store.js';
import { deadPid, useTempDir } from './helpers.js';

const tempDir = useTempDir();

describe('the state lock', () => {
  it('refuses a second apply while the first holds the lock, naming pid and the file to delete', async () => {
    const path = join(tempDir(), 'groupctl.state.json');
    const first = await StateStore.open(path);
    const started = JSON.parse(readFileSync(`${path}.lock`, 'utf8')).started as number;
    const attempt = StateStore.open(path);
    await expect(attempt).rejects.toBeInstanceOf(StateLockedError);
    await expect(attempt).rejects.toThrow(
      `state ${path} is locked by pid ${process.pid} (started ${new Date(started).toISOString()}): ` +
        `another apply is running; if not, delete ${path}.lock`,
    );
    await first.close();
  });

  it('is released on close, so the next apply can take it', async () => {
    const path = join(tempDir(), 'groupctl.state.json');
    const first = await StateStore.open(path);
    first.bind('a', { id: '1' });
    await first.close();
    expect(existsSync(`${path}.lock`)).toBe(false);
    const second = await StateStore.open(path);
    expect([...second.bindings().keys()]).toEqual(['a']);
    await second.close();
  });

  it('takes over a lock left by a process that is no longer alive (kill -9)', async () => {
    const path = join(tempDir(), 'groupctl.state.json');
    const pid = deadPid();
    writeFileSync(`${path}.lock`, JSON.stringify({ pid, host: hostname(), started: 1 }));
    const store = await StateStore.open(path);
    expect(JSON.parse(readFileSync(`${path}.lock`, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    await store.close();
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('refuses a lock from another host, whose pid it cannot check', () => {
    const path = join(tempDir(), 'groupctl.state.json');
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: deadPid(), host: 'build-agent-7', started: 0 }));
    expect(() => acquireLock(path)).toThrow(/locked by pid \d+ on host build-agent-7 \(started 1970-01-01T00:00:00.000Z\)/);
  });

  it('refuses a lock file it cannot read as a lock, and leaves it alone', () => {
    const path = join(tempDir(), 'groupctl.state.json');
    writeFileSync(`${path}.lock`, 'hello');
    expect(() => acquireLock(path)).toThrow(`state ${path} is locked by ${path}.lock, which is not a groupctl lock`);
    expect(readFileSync(`${path}.lock`, 'utf8')).toBe('hello');
  });

  it('release does not delete a lock that someone else took over meanwhile', () => {
    const path = join(tempDir(), 'groupctl.state.json');
    const lock = acquireLock(path);
    const other = JSON.stringify({ pid: 1, host: hostname(), started: 5 });
    writeFileSync(`${path}.lock`, other);
    lock.release();
    expect(readFileSync(`${path}.lock`, 'utf8')).toBe(other);
  });

  it('a read-only open neither takes nor checks the lock', async () => {
    const path = join(tempDir(), 'groupctl.state.json');
    const writer = await StateStore.open(path);
    const reader = await StateStore.open(path, { lock: false });
    await reader.close();
    expect(existsSync(`${path}.lock`)).toBe(true);
    await writer.close();
  });

  it('names the lock when the state folder does not exist', async () => {
    const path = join(tempDir(), 'missing', 'groupctl.state.json');
    await expect(StateStore.open(path)).rejects.toThrow(`cannot create lock ${path}.lock: ENOENT`);
  });
});

/**
 * One writer per state file: `${statePath}.lock` holds {pid, host, started}. It appears
 * complete or not at all (written to a temp file, then hard-linked into place, which fails
 * when a lock exists). A lock whose pid is dead on this host was left by a crash (kill -9)
 * and is taken over; a live one, or one from another host, refuses.
 */
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { isAlive } from '../durable/index.js';
import { StateError } from './state-error.js';

/** What a lock file says about its holder. */
export interface LockInfo {
  pid: number;
  host: string;
  /** ms since epoch */
  started: number;
}

/** A held lock. `release` is idempotent. */
export interface StateLock {
  readonly path: string;
  readonly info: LockInfo;
  release(): void;
}

/** Thrown when another process holds the lock. */
export class StateLockedError extends StateError {
  override readonly name = 'StateLockedError';
  constructor(
    readonly statePath: string,
    readonly holder: LockInfo,
  ) {
    const where = holder.host === hostname() ? '' : ` on host ${holder.host}`;
    super(
      `state ${statePath} is locked by pid ${holder.pid}${where} (started ${new Date(holder.started).toISOString()}): ` +
        `another apply is running; if not, delete ${statePath}.lock`,
    );
  }
}

/** The lock file of a state file. */
export function lockPathOf(statePath: string): string {
  return `${statePath}.lock`;
}

/** Take the lock of a state file, or throw `StateLockedError`. */
export function acquireLock(statePath: string): StateLock {
  const lockPath = lockPathOf(statePath);
  const info: LockInfo = { pid: process.pid, host: hostname(), started: Date.now() };
  // Two rounds: the second follows the removal of a stale lock.
  for (let round = 0; round < 2; round++) {
    if (tryCreate(lockPath, info)) return holdLock(lockPath, info);
    const holder = readHolder(statePath, lockPath);
    if (holder === undefined) continue; // vanished between our attempt and the read
    if (holder.host !== info.host || isAlive(holder.pid)) throw new StateLockedError(statePath, holder);
    removeIfUnchanged(lockPath, holder);
  }
  const holder = readHolder(statePath, lockPath);
  throw new StateLockedError(statePath, holder ?? info);
}

function tryCreate(lockPath: string, info: LockInfo): boolean {
  // node:crypto when a lock is taken, not at import (durable/temporaries.ts says why).
  const temp = `${lockPath}.${process.pid}.${process.getBuiltinModule('node:crypto').randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify(info) + '\n', { flag: 'wx' });
  } catch (error) {
    throw new StateError(`cannot create lock ${lockPath}: ${(error as Error).message}`, { cause: error });
  }
  try {
    linkSync(temp, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new StateError(`cannot create lock ${lockPath}: ${(error as Error).message}`, { cause: error });
  } finally {
    unlinkSync(temp);
  }
}

function readHolder(statePath: string, lockPath: string): LockInfo | undefined {
  let text: string;
  try {
    text = readFileSync(lockPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateError(`cannot read lock ${lockPath}: ${(error as Error).message}`, { cause: error });
  }
  const info = parseLockInfo(text);
  if (!info) {
    throw new StateError(
      `state ${statePath} is locked by ${lockPath}, which is not a groupctl lock; if no apply is running, delete it`,
    );
  }
  return info;
}

function parseLockInfo(text: string): LockInfo | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { pid, host, started } = value as Record<string, unknown>;
    if (!Number.isInteger(pid) || typeof host !== 'string' || typeof started !== 'number') return undefined;
    return { pid: pid as number, host, started };
  } catch {
    return undefined;
  }
}

/**
 * Remove a stale lock only if it still names the same dead holder, so that we do not
 * delete a lock a competing process has just taken over (the window is tiny, not zero).
 */
function removeIfUnchanged(lockPath: string, stale: LockInfo): void {
  try {
    const now = parseLockInfo(readFileSync(lockPath, 'utf8'));
    if (now && now.pid === stale.pid && now.host === stale.host && now.started === stale.started) {
      unlinkSync(lockPath);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function holdLock(lockPath: string, info: LockInfo): StateLock {
  let held = true;
  const release = (): void => {
    if (!held) return;
    held = false;
    process.removeListener('exit', release);
    try {
      const now = parseLockInfo(readFileSync(lockPath, 'utf8'));
      if (now && now.pid === info.pid && now.started === info.started) unlinkSync(lockPath);
    } catch {
      // already gone: nothing to release
    }
  };
  // Best effort: a normal exit (or process.exit) still releases; kill -9 leaves a stale lock.
  process.on('exit', release);
  return { path: lockPath, info, release };
}

/**
 * The temporary files an atomic write leaves while it runs, named and cleaned up in one
 * place: the name carries the writer's pid, so whoever owns the target next can tell a
 * leftover of a killed writer from a write still under way.
 */
import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * `.NAME.PID.HEX.tmp` beside the target: same folder, so the rename stays atomic. node:crypto
 * is loaded here, at the first write, not at import: `validate` writes nothing, and loading it
 * costs 3-5 ms of start-up (issue 23).
 */
export function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${process.getBuiltinModule('node:crypto').randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Remove the temporaries of `path` left by processes that are gone (a kill during a write).
 * Only the target's owner (a lock holder, the one emulator on a data file) should call it.
 */
export function removeDeadTemporaries(path: string): void {
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    const match = name.startsWith(prefix) ? /^(\d+)\.[0-9a-f]+\.tmp$/.exec(name.slice(prefix.length)) : null;
    if (match && !isAlive(Number(match[1]))) rmSync(join(dirname(path), name), { force: true });
  }
}

/** True when a process with this pid exists on this host (EPERM: it exists, owned by another user). */
export function isAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

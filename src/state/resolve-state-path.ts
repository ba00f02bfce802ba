/**
 * Where a state file really lives. A state file kept elsewhere and linked into the config
 * folder (`groupctl.state.json -> ../shared/state.json`) must stay a link: an atomic
 * rewrite renames a temporary file over its target, so the temporary file, the journal and
 * the lock all go beside the target, and two links to one file share one lock.
 */
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { StateError } from './state-error.js';

/** Most links followed before giving up, as the kernel does (ELOOP). */
const MAX_LINKS = 40;

/** The path the state file's content is written to: `path` itself, or the end of its chain of links. */
export function resolveStatePath(path: string): string {
  let current = resolve(path);
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    let stats;
    try {
      stats = lstatSync(current);
    } catch (error) {
      // Nothing there (yet): the file is created here. Its folder may be a link; rename works through that.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return current;
      throw new StateError(`cannot read state ${path}: ${(error as Error).message}`, { cause: error });
    }
    if (!stats.isSymbolicLink()) {
      // The folders on the way may be links too; the real path names the one file behind them all.
      return realpathSync(current);
    }
    // A dangling link is written through as well: the first save creates its target.
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw new StateError(`state ${path} is a chain of more than ${MAX_LINKS} symbolic links (a loop?); point it at a file`);
}

/** Refuse a journal or lock that is a link: groupctl removes and recreates those, which would break the link. */
export function refuseLink(path: string, what: string): void {
  let isLink = false;
  try {
    isLink = lstatSync(path).isSymbolicLink();
  } catch {
    return; // absent: groupctl creates it
  }
  if (isLink) {
    throw new StateError(`state ${what} ${path} is a symbolic link; groupctl deletes and recreates this file, so remove the link (the state file itself may be one)`);
  }
}

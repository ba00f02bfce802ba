import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const STATE_FILE_NAME = 'groupctl.state.json';

/**
 * Where the state lives when `--state` is not given: beside the config, i.e. inside the
 * first PATH when it is a folder, else in the folder of that file. A PATH that does not
 * exist counts as a file when it ends in .yaml/.yml, else as a folder. No PATH means the
 * CLI's default, `groups/`.
 */
export function defaultStatePath(paths: string[]): string {
  const first = paths[0] ?? 'groups';
  return join(isFolder(first) ? first : dirname(first), STATE_FILE_NAME);
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return !/\.ya?ml$/i.test(path);
  }
}

/** The package's version, apart from the dispatcher so that a command can print it without importing run.ts (which loads the commands). */
import { readFileSync } from 'node:fs';

/** The package's version, read from package.json so it cannot drift from what npm installed. */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

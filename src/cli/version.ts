/** The package's version, apart from the dispatcher so that a command can print it without importing run.ts (which loads the commands). */
import { readFileSync } from 'node:fs';

/** The package's version, read from package.json so it cannot drift from what npm installed. */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Whether the arguments ask for the version alone: answered before anything else loads (cli/main.ts, cli/launch.ts). */
export function asksVersion(argv: readonly string[]): boolean {
  return argv.length === 1 && ['--version', '-v', 'version'].includes(argv[0]!);
}

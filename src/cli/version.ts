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

/** The oldest Node.js groupctl runs on: package.json's `engines` (test/cli/node-version.test.ts holds them equal). */
export const MIN_NODE = '20.18';

/** What to tell someone on a Node.js older than MIN_NODE (`process.versions.node`), or undefined when it will do. */
export function nodeTooOld(nodeVersion: string): string | undefined {
  const [major = 0, minor = 0] = nodeVersion.split('.').map(Number);
  const [minMajor, minMinor] = MIN_NODE.split('.').map(Number) as [number, number];
  if (major > minMajor || (major === minMajor && minor >= minMinor)) return undefined;
  return `groupctl needs Node.js ${MIN_NODE} or later, and this is ${nodeVersion}: install a current LTS release (https://nodejs.org) and run it again.`;
}

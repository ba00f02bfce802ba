/** What a command may touch of the process: injected so tests can run commands in-process. */
import { type Readable, type Writable } from 'node:stream';
import { SecretSet } from '../api/redact.js';

/** stdout or stderr as a command sees them: write, and whether it is a terminal (colour, progress lines). */
export interface OutStream extends Pick<Writable, 'write'> {
  isTTY?: boolean;
  columns?: number;
}

/** The process as a command may use it; tests pass their own. */
export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  stdin: Readable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /**
   * Every secret of the run: the configured ones, and tokens the service issues as they
   * arrive. Whatever the command prints or writes to a file passes through it.
   */
  secrets?: SecretSet;
}

/** Environment variables whose values are secrets (CONTRACT.md, Connection). */
export const SECRET_VARIABLES = ['GROUPCTL_TOKEN', 'GROUPCTL_CLIENT_SECRET', 'GROUPCTL_AGORA_APP_CERTIFICATE', 'GITHUB_TOKEN', 'GITLAB_TOKEN'];

/**
 * The Io a command gets: stdout and stderr mask every secret of the run, whatever wrote
 * the text (a server's words in an error, a progress line, a rendered plan).
 */
export function withRedaction(io: Io): Io {
  if (io.secrets) return io;
  const secrets = new SecretSet(SECRET_VARIABLES.map((name) => io.env[name]));
  // Not a spread, which would read a lazy `stdin` (cli/main.ts) and open it.
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(io)) as Io;
  return Object.assign(copy, { secrets, stdout: redacting(io.stdout, secrets), stderr: redacting(io.stderr, secrets) });
}

/** Text for a file the command writes (a plan, a report, exported config), secrets masked. */
export function redactForFile(io: Io, text: string): string {
  return io.secrets ? io.secrets.redact(text) : text;
}

function redacting<S extends OutStream>(stream: S, secrets: SecretSet): S {
  const write = (chunk: unknown, ...rest: unknown[]): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : undefined;
    return (stream.write as (...args: unknown[]) => boolean).call(stream, text === undefined ? chunk : secrets.redact(text), ...rest);
  };
  // A proxy, not a copy: readline and the progress line need the stream's own methods and fields.
  return new Proxy(stream, {
    get(target, prop) {
      if (prop === 'write') return write;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Exit codes (CONTRACT): 0 success / no changes, 1 error, 2 changes pending. */
export const EXIT = { ok: 0, error: 1, changes: 2 } as const;

/**
 * Colour: `--color` / `--no-color` win; then FORCE_COLOR (any value but `0` / `false`
 * turns it on: a CI log that renders ANSI colours, as Node and chalk read it); then
 * NO_COLOR (https://no-color.org) turns it off; else only on a terminal.
 */
export function useColor(io: Io, flag: unknown): boolean {
  if (typeof flag === 'boolean') return flag;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return !/^(0|false)$/i.test(force.trim());
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.stdout.isTTY === true && io.env.TERM !== 'dumb';
}

// Defined by the engine, which refuses with it too; the CLI maps it to exit 1 (run.ts).
export { UserError } from '../engine/user-error.js';

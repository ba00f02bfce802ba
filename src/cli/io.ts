/** What a command may touch of the process: injected so tests can run commands in-process. */
import { type Readable, type Writable } from 'node:stream';

export interface OutStream extends Pick<Writable, 'write'> {
  isTTY?: boolean;
  columns?: number;
}

export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  stdin: Readable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Exit codes (CONTRACT): 0 success / no changes, 1 error, 2 changes pending. */
export const EXIT = { ok: 0, error: 1, changes: 2 } as const;

/** Colour only on a TTY, never with NO_COLOR; `--color`/`--no-color` win. */
export function useColor(io: Io, flag: unknown): boolean {
  if (typeof flag === 'boolean') return flag;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.stdout.isTTY === true && io.env.TERM !== 'dumb';
}

/** An error meant for the user: printed as is, without a stack. */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

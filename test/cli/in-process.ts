/**
 * Runs the CLI's `run()` in this process with a captured Io: the same dispatch as the
 * binary, without a process start for checks that need no real process.
 */
import { Readable } from 'node:stream';
import { run } from '../../src/cli/run.js';
import { type Io } from '../../src/cli/io.js';
import { ROOT } from '../helpers/cli.js';

export interface InProcessResult {
  code: number | 'running';
  stdout: string;
  stderr: string;
}

export async function runInProcess(argv: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<InProcessResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (s: string | Uint8Array) => ((stdout += String(s)), true), isTTY: false } as Io['stdout'],
    stderr: { write: (s: string | Uint8Array) => ((stderr += String(s)), true), isTTY: false } as Io['stderr'],
    stdin: Readable.from([]) as Io['stdin'],
    env: options.env ?? {},
    cwd: options.cwd ?? ROOT,
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

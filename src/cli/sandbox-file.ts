/** Where `--sandbox` keeps its data: one rule for the commands that connect and for `validate`, which opens no connection (and so loads none of api/). */
import path from 'node:path';
import { type ParsedArgs } from './args.js';
import { type Io } from './io.js';

const DEFAULT_SANDBOX_FILE = '.groupctl/sandbox.json';

/** The sandbox data file, resolved, when --sandbox is on (`--sandbox` alone: the default file). */
export function sandboxFileOf(flags: ParsedArgs['flags'], io: Io): string | undefined {
  if (flags.sandbox === undefined || flags.sandbox === false) return undefined;
  return path.resolve(io.cwd, typeof flags.sandbox === 'string' ? flags.sandbox : DEFAULT_SANDBOX_FILE);
}

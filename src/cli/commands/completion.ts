/** `groupctl completion`: a shell completion script made from the command table. */
import { type ParsedArgs, UsageError } from '../args.js';
import { renderCompletion, type Shell, SHELLS } from '../completion.js';
import { EXIT, type Io } from '../io.js';
import { COMMANDS } from '../specs.js';

/** `groupctl completion bash|zsh|fish`: the script on stdout, for the shell to load. */
export async function completionCommand(args: ParsedArgs, io: Io): Promise<number> {
  const [shell, ...extra] = args.positionals;
  if (shell === undefined || !SHELLS.includes(shell as Shell) || extra.length > 0) {
    throw new UsageError(`completion takes one shell: ${SHELLS.join(', ')}${shell ? ` (got "${args.positionals.join(' ')}")` : ''}`);
  }
  io.stdout.write(renderCompletion(shell as Shell, Object.values(COMMANDS)));
  return EXIT.ok;
}

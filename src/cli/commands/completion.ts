/** `groupctl completion`: a shell completion script made from the command table, and the config keys it offers for --target. */
import { type ParsedArgs, UsageError } from '../args.js';
import { renderCompletion, type Shell, SHELLS } from '../completion.js';
import { EXIT, type Io } from '../io.js';
import { configPaths, loadDesired } from '../prepare.js';
import { COMMANDS } from '../specs.js';

/**
 * `groupctl completion bash|zsh|fish`: the script on stdout, for the shell to load.
 * `groupctl completion keys [PATH...]`: the config's keys, one a line, read offline, for
 * the scripts' --target; a config that does not read gives no keys and no noise (a TAB
 * must never print an error into the command line).
 */
export async function completionCommand(args: ParsedArgs, io: Io): Promise<number> {
  const [shell, ...extra] = args.positionals;
  if (shell === 'keys') {
    const desired = await Promise.resolve()
      .then(() => loadDesired(configPaths(extra, io), { ...io, stderr: { write: () => true } }))
      .catch(() => undefined);
    io.stdout.write([...(desired?.groups.keys() ?? [])].map((k) => `${k}\n`).join(''));
    return EXIT.ok;
  }
  if (shell === undefined || !SHELLS.includes(shell as Shell) || extra.length > 0) {
    throw new UsageError(`completion takes one shell: ${SHELLS.join(', ')}${shell ? ` (got "${args.positionals.join(' ')}")` : ''}`);
  }
  io.stdout.write(renderCompletion(shell as Shell, Object.values(COMMANDS)));
  return EXIT.ok;
}

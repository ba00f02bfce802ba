/** `groupctl validate`: the configuration checked with the state file, no network, for editors and pre-commit hooks. */
import path from 'node:path';
import { checkOffline } from '../../plan/check-offline.js';
import { StateStore } from '../../state/index.js';
import { plural } from '../../util/plural.js';
import { type ParsedArgs } from '../args.js';
import { EXIT, type Io } from '../io.js';
import { configPaths, importHint, loadDesired, stateFileFor } from '../prepare.js';
import { invocationOf, rerunOf } from '../rerun.js';
import { sandboxFileOf } from '../sandbox-file.js';

/**
 * Schema and semantic checks (problems surface as ConfigError), then what plan would refuse
 * that the state file alone decides (plan/check-offline.ts), in plan's words; exit 1 on any.
 */
export async function validateCommand(args: ParsedArgs, io: Io): Promise<number> {
  const paths = configPaths(args.positionals, io);
  const desired = await loadDesired(paths, io);
  const stateFile = typeof args.flags.state === 'string' ? path.resolve(io.cwd, args.flags.state) : undefined;
  const rerun = rerunOf(invocationOf('validate', args));
  const state = await StateStore.open(stateFileFor(stateFile, sandboxFileOf(args.flags, io), paths), { lock: false, ...importHint(rerun) });
  const errors = checkOffline(desired, state.bindings(), rerun);
  const files = desired.files.length;
  const groups = desired.groups.size;
  if (errors.length > 0) {
    for (const error of errors) io.stderr.write(`Error: ${error.message}\n`);
    io.stderr.write(`The configuration has ${plural(errors.length, 'problem')} that plan would refuse (${plural(groups, 'group')} in ${plural(files, 'file')}).\n`);
    return EXIT.error;
  }
  io.stdout.write(`Configuration is valid: ${plural(groups, 'group')} in ${plural(files, 'file')}.\n`);
  return EXIT.ok;
}

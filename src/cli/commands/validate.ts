/** `groupctl validate`: the configuration checked alone, with no network, for editors and pre-commit hooks. */
import { plural } from '../../util/plural.js';
import { type ParsedArgs } from '../args.js';
import { EXIT, type Io } from '../io.js';
import { configPaths, loadDesired } from '../prepare.js';

/** Config only, no network: schema and semantic checks; problems surface as ConfigError. */
export async function validateCommand(args: ParsedArgs, io: Io): Promise<number> {
  const desired = await loadDesired(configPaths(args.positionals, io), io);
  const files = desired.files.length;
  const groups = desired.groups.size;
  io.stdout.write(`Configuration is valid: ${plural(groups, 'group')} in ${plural(files, 'file')}.\n`);
  return EXIT.ok;
}

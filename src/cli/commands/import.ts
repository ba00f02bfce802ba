/** `groupctl import`: binds a declared key to an existing live group in the state file, after checking both exist. */
import { groupIdProblem } from '../../model/group.js';
import { type ParsedArgs, UsageError } from '../args.js';
import { EXIT, type Io, UserError } from '../io.js';
import { configPaths, loadDesired, openWritableState, statePathFor } from '../prepare.js';
import { appIdentityOf, checkStateApp, recordStateApp } from '../../engine/index.js';
import { commandLine, invocationOf, rerunOf } from '../rerun.js';
import { openSession } from '../session.js';
import { resolveSettings } from '../settings.js';

/** `groupctl import KEY GROUP_ID [PATH...]`: bind a declared key to an existing live group. */
export async function importCommand(args: ParsedArgs, io: Io): Promise<number> {
  const [key, id, ...rest] = args.positionals;
  if (key === undefined || id === undefined) {
    throw new UsageError('import needs a KEY and a GROUP_ID: groupctl import KEY GROUP_ID [PATH...]');
  }
  // Checked before anything is read or sent: an id is never put into a URL unchecked.
  const idProblem = groupIdProblem(id);
  const invocation = invocationOf('import', args, rest);
  const exportLine = commandLine(invocation, { command: 'export' });
  if (idProblem) throw new UsageError(`import: GROUP_ID ${idProblem}; "${exportLine}" lists the live groups with their ids`);
  const settings = resolveSettings(args.flags, io);
  const paths = configPaths(rest, io, commandLine(invocation, { command: 'import', words: [key, id, 'examples/small-team'] }));
  const desired = await loadDesired(paths, io);
  const group = desired.groups.get(key);
  if (!group) {
    throw new UserError(`key "${key}" is not declared in ${paths.join(', ')}; declare it first, then import it.`);
  }
  if (group.id !== undefined && group.id !== id) {
    throw new UserError(`key "${key}" is bound to ${group.id} by "id:" in ${group.source.file}:${group.source.line}; change or remove that line instead.`);
  }
  const state = await openWritableState(statePathFor(settings, paths), rerunOf(invocation));
  try {
    const app = appIdentityOf(settings.connection.target);
    checkStateApp(state, app, rerunOf(invocation));
    const session = await openSession(settings.connection, io);
    try {
      const found = (await session.service.getGroups([id])).get(id);
      if (!found) throw new UserError(`group ${id} does not exist live; check the id ("${exportLine}" lists live groups).`);
      for (const [otherKey, binding] of state.bindings()) {
        if (binding.id === id && otherKey !== key) {
          throw new UserError(`group ${id} is already bound to key "${otherKey}"; one live group has one key.`);
        }
      }
      const before = state.bindings().get(key)?.id;
      recordStateApp(state, app, (text) => io.stderr.write(`${text}\n`));
      state.bind(key, { id });
      const next = `Run "${commandLine(invocation, { command: 'plan' })}" to compare them.`;
      io.stdout.write(
        before === undefined || before === id
          ? `Bound "${key}" to group ${id} (${found.settings.name ?? ''}, owner ${found.owner}). ${next}\n`
          : `Re-bound "${key}" from group ${before} to group ${id}. ${next}\n`,
      );
      return EXIT.ok;
    } finally {
      await session.close();
    }
  } finally {
    await state.close();
  }
}

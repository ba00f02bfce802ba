/** `groupctl export`: live groups -> configuration and bindings that plan with no changes (adopting an existing app). */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMA_URL } from '../../config/index.js';
import { writeFileAtomic } from '../../durable/index.js';
import { toConfig } from '../../export/index.js';
import { type LiveGroup } from '../../model/group.js';
import { STATE_FILE_NAME } from '../../state/index.js';
import { plural } from '../../util/plural.js';
import { type ParsedArgs } from '../args.js';
import { EXIT, type Io, UserError, redactForFile } from '../io.js';
import { readLiveGroups } from '../../engine/index.js';
import { openWritableState, statePathFor } from '../prepare.js';
import { commandLine } from '../rerun.js';
import { openSession } from '../session.js';
import { type CommandSettings, resolveSettings } from '../settings.js';

/** The schema shipped with this package, as config/ finds it (also from the CLI's bundle, src/cli/bundle.mjs). */
const SCHEMA_FILE = fileURLToPath(SCHEMA_URL);

/**
 * `groupctl export [--out DIR] [--group ID...] [--members] [--state FILE]`. The bindings go
 * to --state, else to DIR/groupctl.state.json (also with --sandbox, whose own state file
 * may hold other bindings); the "Next" line is a command that finds exactly that file.
 */
export async function exportCommand(args: ParsedArgs, io: Io): Promise<number> {
  const settings = resolveSettings(args.flags, io);
  const dir = path.resolve(io.cwd, typeof args.flags.out === 'string' ? args.flags.out : 'groups');
  const file = path.join(dir, 'groups.yaml');
  if (existsSync(file) && args.flags.force !== true) {
    throw new UserError(`${path.relative(io.cwd, file) || file} exists; choose another --out DIR, or pass --force to overwrite it.`);
  }
  const session = await openSession(settings.connection, io);
  let groups: LiveGroup[];
  try {
    let ids = (args.flags.group as string[] | undefined) ?? [];
    if (ids.length === 0) {
      for await (const summary of session.service.listGroups()) ids.push(summary.id);
    }
    ids = [...new Set(ids)];
    // Export writes every part it knows, the announcement and the lists included (a call per group each).
    const live = await readLiveGroups(session, ids, { reads: () => ({ admins: true, members: true, announcement: true, allowList: true, blockList: true }) });
    const missing = ids.filter((id) => live.get(id) === null);
    if (missing.length > 0) throw new UserError(`no live group with id ${missing.join(', ')}`);
    groups = [...live.values()].filter((g): g is LiveGroup => g !== null);
  } finally {
    await session.close();
  }
  const schemaPath = existsSync(SCHEMA_FILE) ? path.relative(dir, SCHEMA_FILE) : undefined;
  const exported = toConfig(groups, { members: args.flags.members === true, schemaPath });
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(file, redactForFile(io, exported.yaml));
  const statePath = settings.stateFile ?? path.join(dir, STATE_FILE_NAME);
  const state = await openWritableState(statePath);
  try {
    for (const [key, id] of exported.bindings) state.bind(key, { id });
  } finally {
    await state.close();
  }
  const shown = path.relative(io.cwd, dir) || '.';
  const shownState = path.relative(io.cwd, statePath) || statePath;
  io.stdout.write(
    `Exported ${plural(groups.length, 'group')} to ${path.join(shown, 'groups.yaml')}, bindings in ${shownState}.\n` +
      `Next: "${nextCommand(args, settings, io, dir, statePath)}" should show no changes; then edit the YAML and plan again.\n`,
  );
  return EXIT.ok;
}

/** `npx groupctl plan DIR` (as the README's Install runs it) with the connection flags of this run, and --state when plan would look elsewhere. */
function nextCommand(args: ParsedArgs, settings: CommandSettings, io: Io, dir: string, statePath: string): string {
  const stateElsewhere = statePathFor({ connection: settings.connection }, [dir]) !== statePath;
  const add = stateElsewhere ? ['--state', path.relative(io.cwd, statePath) || statePath] : [];
  const { state: _, ...flags } = args.flags;
  return commandLine({ command: 'export', flags, paths: [path.relative(io.cwd, dir) || '.'] }, { command: 'plan', add });
}

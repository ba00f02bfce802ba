import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toConfig } from '../../export/to-config.js';
import { type LiveGroup } from '../../model/group.js';
import { StateStore, writeFileAtomic } from '../../state/index.js';
import { plural } from '../../util/plural.js';
import { type ParsedArgs } from '../args.js';
import { openConnection } from '../connection.js';
import { EXIT, type Io, UserError, redactForFile } from '../io.js';
import { readLiveGroups } from '../prepare.js';

/** The schema shipped with this package (dist/cli/commands -> schemas/). */
const SCHEMA_FILE = fileURLToPath(new URL('../../../schemas/groupctl.schema.json', import.meta.url));

/** `groupctl export [--out DIR] [--group ID...] [--members]`. */
export async function exportCommand(args: ParsedArgs, io: Io): Promise<number> {
  const dir = path.resolve(io.cwd, typeof args.flags.out === 'string' ? args.flags.out : 'groups');
  const file = path.join(dir, 'groups.yaml');
  if (existsSync(file) && args.flags.force !== true) {
    throw new UserError(`${path.relative(io.cwd, file) || file} exists; choose another --out DIR, or pass --force to overwrite it.`);
  }
  const connection = await openConnection(args.flags, io);
  let groups: LiveGroup[];
  try {
    let ids = (args.flags.group as string[] | undefined) ?? [];
    if (ids.length === 0) {
      for await (const summary of connection.service.listGroups()) ids.push(summary.id);
    }
    ids = [...new Set(ids)];
    const live = await readLiveGroups(connection, ids);
    const missing = ids.filter((id) => live.get(id) === null);
    if (missing.length > 0) throw new UserError(`no live group with id ${missing.join(', ')}`);
    groups = [...live.values()].filter((g): g is LiveGroup => g !== null);
  } finally {
    await connection.close();
  }
  const schemaPath = existsSync(SCHEMA_FILE) ? path.relative(dir, SCHEMA_FILE) : undefined;
  const exported = toConfig(groups, { members: args.flags.members === true, schemaPath });
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(file, redactForFile(io, exported.yaml));
  const state = await StateStore.open(path.join(dir, 'groupctl.state.json'), { lock: true });
  try {
    for (const [key, id] of exported.bindings) state.bind(key, { id });
  } finally {
    await state.close();
  }
  const shown = path.relative(io.cwd, dir) || '.';
  io.stdout.write(
    `Exported ${plural(groups.length, 'group')} to ${shown}/groups.yaml, bindings in ${shown}/groupctl.state.json.\n` +
      `Next: "npx groupctl plan ${shown}" should show no changes; then edit the YAML and plan again.\n`,
  );
  return EXIT.ok;
}

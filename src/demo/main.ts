#!/usr/bin/env node
/**
 * `npm run demo`: the main job of groupctl on the embedded sandbox, with no network and no
 * setup. Seeds the users the examples name (the vendor's way, POST /users), plans and
 * applies examples/, changes a group behind the tool's back as a console user would, and
 * shows the drift plan. Every step prints real groupctl output.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { registerMissingUsers } from '../cli/connection.js';
import { type Io } from '../cli/io.js';
import { usersOf } from '../cli/prepare.js';
import { run } from '../cli/run.js';
import { loadConfig } from '../config/index.js';
import { type RunningEmulator, startEmulator } from '../emulator/index.js';
import { StateStore } from '../state/index.js';
import { collapsePlan, heading } from './output.js';
import { consoleChange, seedExistingGroups } from './sandbox-api.js';

/**
 * The demo works in the current folder, like the commands the README shows after it: it
 * reads examples/ there and writes .groupctl/ there (`npm run demo` runs at the checkout's
 * root). A test runs it in a temporary copy, so it never touches the checkout.
 */
const ROOT = process.cwd();
const SANDBOX = '.groupctl/demo.json';
const STATE = '.groupctl/demo.state.json';
const SAVED_PLAN = '.groupctl/demo-plan.json';
const EXAMPLES = ['examples/small-team', 'examples/organisation'];
const SANDBOX_FLAGS = ['--sandbox', SANDBOX];

async function main(): Promise<number> {
  const io: Io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: ROOT };
  const sandboxFile = path.join(ROOT, SANDBOX);
  const missing = EXAMPLES.filter((p) => !existsSync(path.join(ROOT, p)));
  if (missing.length > 0) throw new Error(`${missing.join(' and ')} not found in ${ROOT}: run the demo from the groupctl checkout (npm run demo)`);
  startClean(sandboxFile);

  heading(io, 1, 'Seed the sandbox: the users the examples name, and a group from before groupctl');
  const desired = await loadConfig(EXAMPLES.map((p) => path.join(ROOT, p)), { cwd: ROOT });
  const users = usersOf(desired);
  const existing = [...desired.groups.values()].filter((g) => g.id !== undefined);
  const seeded = existing.map((group) => ({ id: group.id!, name: group.settings.name ?? group.key, owner: group.owner ?? users[0]! }));
  seedExistingGroups(sandboxFile, seeded);
  await withEmulator(sandboxFile, (emulator) => registerMissingUsers(emulator, users));
  io.stdout.write(
    `Registered ${users.length} users (POST /users) and created ${existing.map((g) => `"${g.key}" as ${g.id}`).join(', ')} ` +
      `(seeded with the id config names) in ${SANDBOX}.\n`,
  );

  heading(io, 2, `groupctl plan ${EXAMPLES.join(' ')} --sandbox ${SANDBOX} --out ${SAVED_PLAN}`);
  await expect(io, ['plan', ...EXAMPLES, ...SANDBOX_FLAGS, '--out', SAVED_PLAN], 0);

  heading(io, 3, `groupctl apply --plan ${SAVED_PLAN} --auto-approve --allow-dismiss --sandbox ${SANDBOX}`);
  await expect(collapsePlan(io), ['apply', ...EXAMPLES, '--plan', SAVED_PLAN, '--auto-approve', '--allow-dismiss', ...SANDBOX_FLAGS], 0);

  heading(io, 4, 'Someone renames "team-all" and demotes its admin bob in the console (PUT + DELETE on the API)');
  const teamAll = await boundId('team-all');
  await withEmulator(sandboxFile, (emulator) => consoleChange(emulator.baseUrls.easemob, teamAll, { name: 'Team (renamed by hand)', demote: 'bob' }));
  io.stdout.write(`Changed group ${teamAll} behind groupctl's back.\n`);

  heading(io, 5, `groupctl plan ${EXAMPLES.join(' ')} --sandbox ${SANDBOX} --detailed-exitcode`);
  await expect(io, ['plan', ...EXAMPLES, ...SANDBOX_FLAGS, '--detailed-exitcode'], 2);
  io.stdout.write(
    '\nExit code 2: drift. A nightly CI job fails on it (examples/ci/.github/workflows/groupctl.yml); "groupctl apply" puts the groups back.\n' +
      `Try it yourself: npx groupctl apply ${EXAMPLES.join(' ')} --sandbox ${SANDBOX}\n`,
  );
  return 0;
}

/** The demo's own sandbox files only: the user's .groupctl/sandbox.json is left alone. */
function startClean(sandboxFile: string): void {
  const dir = path.dirname(sandboxFile);
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) {
    if (/^demo[.-]/.test(name)) rmSync(path.join(dir, name), { force: true });
  }
}

async function withEmulator(dataFile: string, work: (emulator: RunningEmulator) => Promise<void>): Promise<void> {
  const emulator = await startEmulator({ port: 0, dataFile, quiet: true });
  try {
    await work(emulator);
  } finally {
    await emulator.close();
  }
}

async function boundId(key: string): Promise<string> {
  const state = await StateStore.open(path.join(ROOT, STATE), { lock: false });
  const id = state.bindings().get(key)?.id;
  if (id === undefined) throw new Error(`the apply did not bind "${key}" (see ${STATE})`);
  return id;
}

async function expect(io: Io, argv: string[], code: number): Promise<void> {
  const got = await run(argv, io);
  if (got !== code) throw new Error(`"groupctl ${argv.join(' ')}" exited ${String(got)}, expected ${code}`);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`\ndemo failed: ${(error as Error).message ?? String(error)}\n`);
    process.exitCode = 1;
  },
);

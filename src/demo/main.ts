#!/usr/bin/env node
/**
 * `npm run demo`: the main job of groupctl on the embedded sandbox, with no network and no
 * setup. Seeds the users the examples name (the vendor's way, POST /users), plans and
 * applies examples/, changes a group behind the tool's back as a console user would, and
 * shows the drift plan. Every step runs the groupctl binary as a user would and prints its
 * real output; the rest goes through the library entry (src/index.ts), nothing deeper.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, StateStore } from '../index.js';
import { collapsePlan, demoUsesColor, heading } from './output.js';
import { consoleChange, registerUsers, seedExistingGroups, withSandbox } from './sandbox-api.js';

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
/** The package's bin (package.json): this file is dist/demo/main.js, the CLI dist/cli/main.cjs. */
const GROUPCTL = fileURLToPath(new URL('../cli/main.cjs', import.meta.url));
const COLOR = demoUsesColor(process.env, process.stdout.isTTY === true);
const print = (text: string): void => void process.stdout.write(text);

async function main(): Promise<number> {
  const sandboxFile = path.join(ROOT, SANDBOX);
  const missing = EXAMPLES.filter((p) => !existsSync(path.join(ROOT, p)));
  if (missing.length > 0) throw new Error(`${missing.join(' and ')} not found in ${ROOT}: run the demo from the groupctl checkout (npm run demo)`);
  startClean(sandboxFile);

  heading(print, COLOR, 1, 'Seed the sandbox: the users the examples name, and a group from before groupctl');
  await seedSandbox(sandboxFile);

  // The organisation example dismisses a group: plan refuses that without --allow-dismiss, as apply does.
  heading(print, COLOR, 2, `groupctl plan ${EXAMPLES.join(' ')} --sandbox ${SANDBOX} --allow-dismiss --out ${SAVED_PLAN}`);
  await groupctl(['plan', ...EXAMPLES, ...SANDBOX_FLAGS, '--allow-dismiss', '--out', SAVED_PLAN], 0);

  heading(print, COLOR, 3, `groupctl apply ${EXAMPLES.join(' ')} --plan ${SAVED_PLAN} --auto-approve --allow-dismiss --sandbox ${SANDBOX}`);
  await groupctl(['apply', ...EXAMPLES, '--plan', SAVED_PLAN, '--auto-approve', '--allow-dismiss', ...SANDBOX_FLAGS], 0, { collapse: true });

  heading(print, COLOR, 4, 'Someone renames "team-all" and demotes its admin bob in the console (PUT + DELETE on the API)');
  const teamAll = await boundId('team-all');
  await withSandbox(sandboxFile, (handle) => consoleChange(handle, teamAll, { name: 'Team (renamed by hand)', demote: 'bob' }));
  print(`Changed group ${teamAll} behind groupctl's back.\n`);

  // Saved again (--out): every command printed above works when pasted after the demo,
  // the "apply it with" of step 2 and step 3's apply included (the saved plan is this one).
  heading(print, COLOR, 5, `groupctl plan ${EXAMPLES.join(' ')} --sandbox ${SANDBOX} --detailed-exitcode --out ${SAVED_PLAN}`);
  await groupctl(['plan', ...EXAMPLES, ...SANDBOX_FLAGS, '--detailed-exitcode', '--out', SAVED_PLAN], 2);
  print(
    '\nExit code 2: drift. A nightly CI job fails on it (examples/ci/.github/workflows/groupctl.yml); an apply puts the groups back.\n' +
      `Try it yourself: npx groupctl apply ${EXAMPLES.join(' ')} --sandbox ${SANDBOX}\n`,
  );
  return 0;
}

/** The group the organisation example binds by `id:` as the seed, then every other user the examples name through POST /users. */
async function seedSandbox(sandboxFile: string): Promise<void> {
  const desired = await loadConfig(EXAMPLES.map((p) => path.join(ROOT, p)), { cwd: ROOT });
  const groups = [...desired.groups.values()];
  const users = [...new Set(groups.flatMap((g) => [g.owner ?? [], g.admins ?? [], g.members ?? []].flat()))];
  const existing = groups.filter((g) => g.id !== undefined);
  const seeded = seedExistingGroups(
    sandboxFile,
    existing.map((group) => ({ id: group.id!, name: group.settings.name ?? group.key, owner: group.owner ?? users[0]! })),
  );
  const unseeded = users.filter((u) => !seeded.includes(u));
  await withSandbox(sandboxFile, (handle) => registerUsers(handle, unseeded));
  print(
    `Registered ${unseeded.length} users (POST /users) and created ${existing.map((g) => `"${g.key}" as ${g.id}`).join(', ')} ` +
      `(seeded with the id config names, its owner with it) in ${SANDBOX}.\n`,
  );
}

/** The demo's own sandbox files only: the user's .groupctl/sandbox.json is left alone. */
function startClean(sandboxFile: string): void {
  const dir = path.dirname(sandboxFile);
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) {
    if (/^demo[.-]/.test(name)) rmSync(path.join(dir, name), { force: true });
  }
}

async function boundId(key: string): Promise<string> {
  const state = await StateStore.open(path.join(ROOT, STATE), { lock: false });
  const id = state.bindings().get(key)?.id;
  if (id === undefined) throw new Error(`the apply did not bind "${key}" (see ${STATE})`);
  return id;
}

/** Runs the groupctl binary in ROOT, its output shown as it comes (apply's plan collapsed), and checks its exit code. */
async function groupctl(argv: string[], code: number, options: { collapse?: boolean } = {}): Promise<void> {
  const child = spawn(process.execPath, [GROUPCTL, ...argv], {
    cwd: ROOT,
    env: { ...process.env, FORCE_COLOR: COLOR ? '1' : '0' },
    stdio: ['inherit', 'pipe', 'inherit'],
  });
  const out = options.collapse ? collapsePlan(print) : { write: print, flush: () => {} };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => out.write(chunk));
  const got = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exit) => resolve(exit));
  });
  out.flush();
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

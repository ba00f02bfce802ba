/**
 * Hints that can be pasted (issue 22): every command a hint prints repeats the flags that
 * say where the groups, bindings and config are (--sandbox FILE, --state FILE, --base-url,
 * the PATHs), so pasting it as is reaches the same app. Each test makes the CLI print a
 * hint, takes the command out of the text, runs it, and checks it got past the connection
 * and did what the hint said. The demo's printed commands all work when pasted after it.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { cleanEnv, ROOT, tempDir } from '../helpers/cli.js';
import { runInProcess } from './in-process.js';

const TEAM = 'groups:\n  team:\n    name: Team\n    owner: alice\n    admins: [bob]\n';
/** A config folder with a space and a sandbox and state file of the user's own choosing: none is a default. */
const WHERE = ['my groups', '--sandbox', 'box.json', '--state', 'bindings.json'];

/** The `npx groupctl ...` commands in a text, each split into words as a POSIX shell would (single quotes only). */
function pastedCommands(text: string): string[][] {
  return [...text.matchAll(/npx groupctl ((?:[^"`'\n]|'[^']*')+)/g)].map((m) => shellSplit(m[1]!.trim()));
}

function shellSplit(line: string): string[] {
  return [...line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2]!));
}

/** The only command a text names; fails when there is none (the hint is missing) or several. */
function onlyCommand(text: string): string[] {
  const commands = pastedCommands(text);
  expect(commands, text).toHaveLength(1);
  return commands[0]!;
}

/** Runs a pasted command; without a terminal apply needs --auto-approve, which no hint gives. */
async function paste(words: string[], cwd: string, env: Record<string, string> = {}) {
  const args = words[0] === 'apply' ? [...words, '--auto-approve'] : words;
  const result = await runInProcess(args, { cwd, env });
  expect(result.stderr).not.toContain('no API base URL');
  return result;
}

function expectWhere(words: string[]): void {
  const line = words.join(' ');
  expect(line).toContain('my groups');
  expect(line).toContain('--sandbox box.json');
  expect(line).toContain('--state bindings.json');
}

describe('hints under --sandbox FILE --state FILE with a PATH', () => {
  const cli = (dir: string, ...args: string[]) => runInProcess(args, { cwd: dir, env: {} });
  const applied = async (): Promise<string> => {
    const dir = tempDir({ 'my groups/team.yaml': TEAM });
    const first = await cli(dir, 'apply', ...WHERE, '--sandbox-users', 'alice,bob', '--auto-approve');
    expect(first.code, first.stdout + first.stderr).toBe(0);
    return dir;
  };

  it('plan --out: the "apply it with" command applies the saved plan', async () => {
    const dir = tempDir({ 'my groups/team.yaml': TEAM });
    const plan = await cli(dir, 'plan', ...WHERE, '--sandbox-users', 'alice,bob', '--out', 'plan.json');
    expect(plan.code, plan.stderr).toBe(0);
    const words = onlyCommand(plan.stderr.split('\n').find((l) => l.includes('apply it with'))!);
    expectWhere(words);
    const result = await paste(words, dir);
    expect(result.stdout).toContain('Apply complete');
    expect(result.code, result.stderr).toBe(0);
  });

  it('a dismiss refused by plan and by apply: the command given passes --allow-dismiss with the same flags', async () => {
    const dir = await applied();
    writeFileSync(path.join(dir, 'my groups/team.yaml'), TEAM.replace('    admins: [bob]\n', '    ensure: dismissed\n'));
    const plan = await cli(dir, 'plan', ...WHERE);
    expect(plan.code).toBe(1);
    const planned = onlyCommand(plan.stdout.split('\n').find((l) => l.includes('pass --allow-dismiss'))!);
    expectWhere(planned);
    expect(planned).toContain('--allow-dismiss');
    const replanned = await paste([...planned, '--detailed-exitcode'], dir);
    expect(replanned.code, replanned.stdout + replanned.stderr).toBe(2);
    expect(replanned.stdout).toContain('1 to dismiss');

    const apply = await cli(dir, 'apply', ...WHERE, '--auto-approve');
    expect(apply.code).toBe(1);
    const words = onlyCommand(apply.stderr.split('\n').find((l) => l.includes('pass --allow-dismiss'))!);
    expect(words[0]).toBe('apply');
    expectWhere(words);
    const result = await paste(words, dir);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('Apply complete');
  });

  it('a stale saved plan: the command given makes a new plan at the same place, which applies', async () => {
    const dir = await applied();
    const rename = (name: string) => writeFileSync(path.join(dir, 'my groups/team.yaml'), TEAM.replace('name: Team', `name: ${name}`));
    rename('Team 2');
    const saved = await cli(dir, 'plan', ...WHERE, '--out', 'plan.json');
    expect(saved.code).toBe(0);
    // Another apply moves the live group on under the saved plan.
    rename('Team 3');
    expect((await cli(dir, 'apply', ...WHERE, '--auto-approve')).code).toBe(0);
    rename('Team 2');
    const stale = await cli(dir, 'apply', ...WHERE, '--plan', 'plan.json', '--auto-approve');
    expect(stale.code).toBe(1);
    const words = onlyCommand(stale.stderr);
    expect(words[0]).toBe('plan');
    expect(words.join(' ')).toContain('--out plan.json');
    expectWhere(words);
    expect((await paste(words, dir)).code).toBe(0);
    const fresh = await cli(dir, 'apply', ...WHERE, '--plan', 'plan.json', '--auto-approve');
    expect(fresh.code, fresh.stderr).toBe(0);
  });

  it('a user the sandbox lacks: the command given registers it with --sandbox-users and the plan passes', async () => {
    const dir = await applied();
    writeFileSync(path.join(dir, 'my groups/team.yaml'), TEAM.replace('admins: [bob]', 'admins: [bob, carol]'));
    const plan = await cli(dir, 'plan', ...WHERE);
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain('user carol does not exist in the app; register them first');
    const words = onlyCommand(plan.stdout.split('\n').find((l) => l.includes('carol does not exist'))!);
    expectWhere(words);
    expect(words.join(' ')).toContain('--sandbox-users carol');
    const result = await paste([...words, '--detailed-exitcode'], dir);
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stdout).toContain('+ admin: carol');
  });

  it('import: the export of a bad id and the plan after a good one name the same sandbox and state', async () => {
    const dir = await applied();
    const state = JSON.parse(readFileSync(path.join(dir, 'bindings.json'), 'utf8'));
    const id = state.bindings.team.id as string;
    const bad = await cli(dir, 'import', 'team', 'not-an-id', ...WHERE);
    expect(bad.code).not.toBe(0);
    const exportWords = onlyCommand(bad.stderr);
    expect(exportWords.join(' ')).toContain('--sandbox box.json');
    const exported = await paste([...exportWords, '--out', 'adopted'], dir);
    expect(exported.code, exported.stderr).toBe(0);

    const good = await cli(dir, 'import', 'team', id, ...WHERE);
    expect(good.code, good.stderr).toBe(0);
    const words = onlyCommand(good.stdout);
    expectWhere(words);
    const result = await paste([...words, '--detailed-exitcode'], dir);
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });

  it('an id: that disagrees with the state: validate and plan give the import command with the same flags, and it runs', async () => {
    const dir = await applied();
    const state = JSON.parse(readFileSync(path.join(dir, 'bindings.json'), 'utf8'));
    const id = state.bindings.team.id as string;
    const wrong = String(BigInt(id) + 1n);
    writeFileSync(path.join(dir, 'my groups/team.yaml'), TEAM.replace('    name: Team\n', `    id: "${wrong}"\n    name: Team\n`));
    for (const command of ['validate', 'plan']) {
      const result = await cli(dir, command, ...WHERE);
      expect(result.code, command).toBe(1);
      const words = onlyCommand((result.stdout + result.stderr).split('\n').find((l) => l.includes('rebind the key'))!);
      expect(words.slice(0, 3)).toEqual(['import', 'team', wrong]);
      expectWhere(words);
      // The id is not a live group here: the pasted import gets past the connection and says so.
      const pasted = await paste(words, dir);
      expect(pasted.stderr).toContain(`group ${wrong} does not exist live`);
    }
  });

  it('a state journal with a line groupctl refuses: the import command given keeps the flags, and binds the key', async () => {
    const dir = await applied();
    const id = (JSON.parse(readFileSync(path.join(dir, 'bindings.json'), 'utf8')) as { bindings: Record<string, { id: string }> }).bindings.team!.id;
    // A bind with an id that breaks the id rule: refused, never applied.
    writeFileSync(path.join(dir, 'bindings.json.journal'), `${JSON.stringify({ op: 'bind', key: 'team', binding: { id: '../x' } })}\n`);
    const plan = await cli(dir, 'plan', ...WHERE);
    expect(plan.code).toBe(1);
    const words = onlyCommand(plan.stderr.split('\n').find((l) => l.includes('to bind a key on purpose'))!);
    expect(words.slice(0, 3)).toEqual(['import', 'KEY', 'GROUP_ID']);
    expectWhere(words);
    // The first command that takes the lock keeps the refused line aside and stops; run again, it binds.
    const first = await paste(['import', 'team', id, ...words.slice(3)], dir);
    expect(first.stderr).toContain('kept in');
    const pasted = await paste(['import', 'team', id, ...words.slice(3)], dir);
    expect(pasted.code, pasted.stdout + pasted.stderr).toBe(0);
  });

  it('no config folder: the example command keeps --sandbox and --state', async () => {
    const dir = tempDir();
    const plan = await cli(dir, 'plan', '--sandbox', 'box.json', '--state', 'bindings.json');
    expect(plan.code).toBe(1);
    const words = onlyCommand(plan.stderr);
    expect(words.join(' ')).toBe('plan examples/small-team --sandbox box.json --state bindings.json');
  });

  it('a saved plan that is not one: the new plan command keeps the flags', async () => {
    const dir = await applied();
    writeFileSync(path.join(dir, 'plan.json'), '{"format_version": 1}');
    const apply = await cli(dir, 'apply', ...WHERE, '--plan', 'plan.json');
    expect(apply.code).toBe(1);
    const words = onlyCommand(apply.stderr);
    expectWhere(words);
    expect((await paste(words, dir)).code).toBe(0);
  });
});

describe('hints against a remote app given by --base-url', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ quiet: true, seed: { users: ['alice', 'bob'], groups: [] } });
  });
  afterAll(() => emulator?.close());

  it('doctor: the export and plan it suggests keep --base-url and never a token', async () => {
    const dir = tempDir({ 'groups/team.yaml': TEAM });
    const env = { GROUPCTL_TOKEN: 'emulator-token' };
    const doctor = await runInProcess(['doctor', '--base-url', emulator.baseUrls.easemob], { cwd: dir, env });
    expect(doctor.code, doctor.stdout).toBe(0);
    const commands = pastedCommands(doctor.stdout);
    expect(commands.map((c) => c[0])).toEqual(['export', 'plan']);
    for (const words of commands) {
      expect(words.join(' ')).toContain(`--base-url ${emulator.baseUrls.easemob}`);
      expect(words.join(' ')).not.toContain('emulator-token');
    }
    const plan = await paste(commands[1]!, dir, env);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('team');
    const exported = await paste([...commands[0]!, '--out', 'adopted'], dir, env);
    expect(exported.code, exported.stderr).toBe(0);
  });
});

describe('npm run demo, then each command it printed', () => {
  it('every printed command works when pasted next: no missing base URL, no refusal of an applied plan', async () => {
    const dir = tempDir();
    cpSync(path.join(ROOT, 'examples'), path.join(dir, 'examples'), { recursive: true });
    const ran = await runDemo(dir);
    expect(ran.code, ran.output).toBe(0);
    const headings = [...ran.output.matchAll(/^== \d+\. groupctl (.+)$/gm)].map((m) => shellSplit(m[1]!));
    const printed = [...headings, ...pastedCommands(ran.output)];
    expect(printed.length).toBeGreaterThanOrEqual(5);
    const snapshot = path.join(dir, 'after-demo');
    cpSync(path.join(dir, '.groupctl'), snapshot, { recursive: true });
    for (const words of printed) {
      rmSync(path.join(dir, '.groupctl'), { recursive: true, force: true });
      cpSync(snapshot, path.join(dir, '.groupctl'), { recursive: true });
      const args = words[0] === 'apply' && !words.includes('--auto-approve') ? [...words, '--auto-approve'] : words;
      const result = await runInProcess(args, { cwd: dir, env: {} });
      const said = `${words.join(' ')}\n${result.stdout}${result.stderr}`;
      expect(result.stderr, said).not.toContain('no API base URL');
      expect(result.stderr, said).not.toMatch(/refusing the saved plan|is stale/);
      expect([0, 2], said).toContain(result.code);
    }
  }, 120_000);
});

/** The built demo (dist/demo/main.js), as `npm run demo` runs it, in `dir`. */
async function runDemo(dir: string): Promise<{ code: number | null; output: string }> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/demo/main.js')], { cwd: dir, env: cleanEnv() });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, output };
}

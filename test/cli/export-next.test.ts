/**
 * `export` prints a "Next" command that should show no changes (issue 9, item 8): these
 * tests take that command from the output, exactly as printed, and run it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli, tempDir, type CliResult } from '../helpers/cli.js';

const CONFIG = `groups:
  team:
    name: Team
    owner: alice
    admins: [bob]
    members: [carol]
  side:
    name: Side
    owner: bob
    disabled: true
`;

/** The words of the printed "Next" command (plain or single-quoted words, as export prints them). */
function nextCommand(stdout: string): string[] {
  const line = /Next: "([^"]+)"/.exec(stdout)?.[1];
  if (line === undefined) throw new Error(`no Next command in:\n${stdout}`);
  const words = [...line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2]!));
  // `npx groupctl` is this package's CLI, which runCli runs.
  expect(words.slice(0, 3)).toEqual(['npx', 'groupctl', 'plan']);
  return words.slice(2);
}

function expectNoChanges(result: CliResult): void {
  expect(result.stderr).toBe('');
  expect(result.stdout).toMatch(/No changes/);
  expect(result.code).toBe(0);
}

describe('export --sandbox', () => {
  it('prints a command that finds the state it wrote, beside a sandbox state that holds other bindings', async () => {
    const dir = tempDir({ 'config/team.yaml': CONFIG });
    const applied = await runCli(['apply', 'config', '--sandbox', 'sb.json', '--sandbox-users', 'alice,bob,carol', '--auto-approve'], { cwd: dir });
    expect(applied.code, applied.stderr).toBe(0);

    const exported = await runCli(['export', '--sandbox', 'sb.json', '--out', 'adopted', '--members'], { cwd: dir });
    expect(exported.code, exported.stderr).toBe(0);
    const next = nextCommand(exported.stdout);
    expect(next).toContain('--sandbox');
    expectNoChanges(await runCli(next, { cwd: dir }));
    expect((await runCli([...next, '--detailed-exitcode'], { cwd: dir })).code).toBe(0);
  });

  it('with the default sandbox file too', async () => {
    const dir = tempDir({ 'groups/team.yaml': CONFIG });
    expect((await runCli(['apply', '--sandbox', '--sandbox-users', 'alice,bob,carol', '--auto-approve'], { cwd: dir })).code).toBe(0);
    const exported = await runCli(['export', '--sandbox', '--out', 'adopted'], { cwd: dir });
    expect(exported.code, exported.stderr).toBe(0);
    expectNoChanges(await runCli(nextCommand(exported.stdout), { cwd: dir }));
  });
});

describe('export against a service', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ quiet: true, seed: { users: ['alice', 'bob', 'carol'], groups: [] } });
    const dir = tempDir({ 'groups/team.yaml': CONFIG });
    const env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' };
    expect((await runCli(['apply', '--auto-approve'], { cwd: dir, env })).code).toBe(0);
  });
  afterAll(() => emulator?.close());

  it.each([
    { what: 'the default state file', flags: [] as string[] },
    { what: '--state elsewhere', flags: ['--state', 'states/adopted state.json'] },
  ])('prints a command that shows no changes, with $what', async ({ flags }) => {
    const dir = tempDir();
    const env = { GROUPCTL_TOKEN: 'emulator-token' };
    const exported = await runCli(['export', '--out', 'adopted', '--base-url', emulator.baseUrls.easemob, ...flags], { cwd: dir, env });
    expect(exported.code, exported.stderr).toBe(0);
    const next = nextCommand(exported.stdout);
    expect(next).toContain('--base-url');
    expectNoChanges(await runCli(next, { cwd: dir, env }));
  });
});

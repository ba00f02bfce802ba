/**
 * CLI manners (issue 6, item 5): help and version, suggestions for typos, errors that say
 * what to do next, no colour codes where colour is not wanted, and no secret in any output.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/specs.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { runInProcess } from './in-process.js';

const ANSI = /\x1b\[/;
const SMALL_TEAM = 'examples/small-team';

describe('help', () => {
  it.each(Object.keys(COMMANDS))('"groupctl %s --help" shows its usage, flags and examples', async (command) => {
    const result = await runInProcess([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: groupctl ${command}`);
    expect(result.stdout).toContain('Flags:');
    expect(result.stdout).toMatch(new RegExp(`Examples:\\n  groupctl ${command}`));
  });

  it('"groupctl --help" lists every command', async () => {
    const result = await runInProcess(['--help']);
    expect(result.code).toBe(0);
    for (const command of Object.keys(COMMANDS)) expect(result.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it('"groupctl help apply" is the help of apply', async () => {
    const result = await runInProcess(['help', 'apply']);
    expect(result.stdout).toContain('Usage: groupctl apply');
  });

  it('"groupctl --version" prints the package version', async () => {
    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default as { version: string };
    const result = await runCli(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `groupctl ${version}\n` });
  });
});

describe('typos are answered with a suggestion', () => {
  it.each([
    { args: ['plna'], says: 'did you mean "groupctl plan"?' },
    { args: ['exprot'], says: 'did you mean "groupctl export"?' },
    { args: ['plan', '--detailed-exit-code'], says: 'did you mean --detailed-exitcode?' },
    { args: ['apply', '--auto-aprove'], says: 'did you mean --auto-approve?' },
    { args: ['export', '--member'], says: 'did you mean --members?' },
    // Names every object has are unknown words like any other.
    { args: ['constructor'], says: 'unknown command "constructor"' },
    { args: ['plan', '--constructor'], says: 'unknown flag --constructor' },
    { args: ['plan', '--no-__proto__'], says: 'unknown flag --no-__proto__' },
  ])('groupctl $args.0 $args.1', async ({ args, says }) => {
    const result = await runInProcess(args);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(says);
    expect(result.stderr).toMatch(/Run "npx groupctl .*--help"/);
  });
});

describe('errors say what to do next', () => {
  it('no groups/ folder: names the folder and how to pass config', async () => {
    const result = await runCli(['plan', '--sandbox'], { cwd: tempDir() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('groups/ does not exist');
    expect(result.stderr).toContain('Pass the YAML files or folders');
  });

  it('no base URL: names the variable, the flag and --sandbox', async () => {
    const result = await runCli(['plan', SMALL_TEAM]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('GROUPCTL_BASE_URL');
    expect(result.stderr).toContain('--base-url');
    expect(result.stderr).toContain('--sandbox');
  });

  it('no credentials: names every way to give them', async () => {
    const result = await runCli(['plan', SMALL_TEAM], { env: { GROUPCTL_BASE_URL: 'http://127.0.0.1:9/demo/demo' } });
    expect(result.code).toBe(1);
    for (const name of ['GROUPCTL_TOKEN', 'GROUPCTL_CLIENT_ID', 'GROUPCTL_AGORA_APP_ID']) expect(result.stderr).toContain(name);
  });

  it('apply with no terminal and no --auto-approve: says to pass --auto-approve', async () => {
    const dir = tempDir();
    const result = await runCli(['apply', `${process.cwd()}/${SMALL_TEAM}`, '--sandbox', '--sandbox-users', 'alice,bob,carol,dave,erin'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--auto-approve');
  });
});

describe('colour', () => {
  const plan = (env: Record<string, string>, extra: string[] = []) =>
    runCli(['plan', `${process.cwd()}/${SMALL_TEAM}`, '--sandbox', '--sandbox-users', 'alice,bob,carol,dave,erin', ...extra], { cwd: tempDir(), env });

  it('is off when output is not a terminal', async () => {
    const result = await plan({});
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('team-all');
    expect(result.stdout + result.stderr).not.toMatch(ANSI);
  });

  it('is off with NO_COLOR even where it would be on', async () => {
    const result = await plan({ NO_COLOR: '1', TERM: 'xterm-256color' });
    expect(result.stdout + result.stderr).not.toMatch(ANSI);
  });

  it('is on with FORCE_COLOR (a CI log that shows colours), even with NO_COLOR; FORCE_COLOR=0 and --no-color turn it off', async () => {
    expect((await plan({ FORCE_COLOR: '1' })).stdout).toMatch(ANSI);
    expect((await plan({ FORCE_COLOR: '1', NO_COLOR: '1' })).stdout).toMatch(ANSI);
    expect((await plan({ FORCE_COLOR: '0', TERM: 'xterm-256color' })).stdout).not.toMatch(ANSI);
    expect((await plan({ FORCE_COLOR: '1' }, ['--no-color'])).stdout).not.toMatch(ANSI);
  });

  it('is on with --color, so the checks above can fail', async () => {
    const result = await plan({}, ['--color']);
    expect(result.stdout).toMatch(ANSI);
  });
});

describe('secrets never appear in output', () => {
  const TOKEN = 'tok-SECRET-4f1d2c9a';
  const CLIENT_SECRET = 'cs-SECRET-77aa01';
  let server: Server;
  let base: string;

  // A hostile server: every answer echoes the request's credentials back.
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        const echoed = `${req.headers.authorization ?? ''} ${body}`;
        if (req.url?.endsWith('/token')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ access_token: TOKEN, expires_in: 3600, echo: echoed }));
          return;
        }
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'unauthorized', error_description: `bad credentials: ${echoed}`, token: TOKEN }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/org/app`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const config = {
    'groups/team.yaml': 'groups:\n  bound:\n    id: "228000000000001"\n    owner: alice\n',
  };

  it.each([
    { what: 'a plan that reads a bound group', args: ['plan', '--format', 'json'], creds: { GROUPCTL_TOKEN: TOKEN } },
    { what: 'an export that lists groups', args: ['export', '--out', 'out'], creds: { GROUPCTL_TOKEN: TOKEN } },
    { what: 'client credentials', args: ['plan'], creds: { GROUPCTL_CLIENT_ID: 'id', GROUPCTL_CLIENT_SECRET: CLIENT_SECRET } },
    { what: 'debug output', args: ['plan'], creds: { GROUPCTL_TOKEN: TOKEN, GROUPCTL_DEBUG: '1' } },
  ])('$what', async ({ args, creds }) => {
    const result = await runCli(args, { cwd: tempDir(config), env: { GROUPCTL_BASE_URL: base, ...creds } });
    const output = result.stdout + result.stderr;
    expect(result.code).toBe(1);
    expect(output).toMatch(/40[01]/);
    expect(output).not.toContain(TOKEN);
    expect(output).not.toContain(CLIENT_SECRET);
  });

  it('a 401 behind a failed live read still says to check the credentials', async () => {
    const result = await runCli(['plan'], { cwd: tempDir(config), env: { GROUPCTL_BASE_URL: base, GROUPCTL_TOKEN: TOKEN } });
    expect(result.stderr).toContain('could not read 1 live group');
    expect(result.stderr).toContain('401');
    expect(result.stderr).toContain('Check the credentials');
  });
});

/**
 * The settings a command runs with, resolved from flags, environment and defaults before
 * any work: which source wins, what a sandbox needs, and errors that name the flag or the
 * variable that was actually given. Pure: nothing is opened.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type Io } from '../../src/cli/io.js';
import { resolveSettings } from '../../src/cli/settings.js';

const remote = { GROUPCTL_BASE_URL: 'https://a1.easemob.com/org/app', GROUPCTL_TOKEN: 't' };

function ioWith(env: NodeJS.ProcessEnv): Io {
  const sink = { write: () => true, isTTY: false } as Io['stdout'];
  return { stdout: sink, stderr: sink, stdin: Readable.from([]) as Io['stdin'], env, cwd: '/work/here' };
}

describe('resolveSettings', () => {
  it('takes the defaults: 100 requests/s, concurrency auto, no scope, the default state place', () => {
    const settings = resolveSettings({}, ioWith(remote));
    expect(settings.connection.limits).toEqual({ rateLimit: 100, concurrency: 'auto' });
    expect(settings.connection.target).toMatchObject({ kind: 'remote', credentials: { kind: 'token', token: 't' } });
    expect(settings.scope).toEqual({ limits: {} });
    expect(settings.stateFile).toBeUndefined();
  });

  it('lets a flag win over its variable', () => {
    const env = { ...remote, GROUPCTL_RATE_LIMIT: '50', GROUPCTL_CONCURRENCY: '2', GROUPCTL_MAX_REMOVALS: '9' };
    const settings = resolveSettings({ 'rate-limit': 20, concurrency: '4', 'max-removals': 3 }, ioWith(env));
    expect(settings.connection.limits).toMatchObject({ rateLimit: 20, concurrency: 4 });
    expect(settings.scope.limits).toEqual({ removals: 3 });
  });

  it('needs no base URL or credentials with --sandbox, and applies the same limits there', () => {
    const settings = resolveSettings({ sandbox: true, 'state': 'bindings.json' }, ioWith({ GROUPCTL_CONCURRENCY: '3' }));
    expect(settings.connection.target).toEqual({ kind: 'sandbox', file: '/work/here/.groupctl/sandbox.json', users: [] });
    expect(settings.connection.limits.concurrency).toBe(3);
    expect(settings.stateFile).toBe('/work/here/bindings.json');
  });

  it('reads --sandbox-users as names separated by commas, each once', () => {
    const settings = resolveSettings({ sandbox: 'sb.json', 'sandbox-users': 'alice, bob,alice' }, ioWith({}));
    expect(settings.connection.target).toEqual({ kind: 'sandbox', file: '/work/here/sb.json', users: ['alice', 'bob'] });
  });

  it('reads the plan scope: targets, guard limits, --allow-recreate, --no-check-users', () => {
    const settings = resolveSettings({ target: ['eng-*'], 'allow-recreate': true, 'check-users': false }, ioWith({ ...remote, GROUPCTL_MAX_FORGET: '0' }));
    expect(settings.scope).toEqual({ targets: ['eng-*'], limits: { forgets: 0, recreates: null }, checkUsers: false });
  });

  it.each([
    [{ concurrency: '0' }, {}, 'concurrency must be "auto" or a positive whole number (--concurrency), got "0"'],
    [{}, { GROUPCTL_CONCURRENCY: 'lots' }, 'concurrency must be "auto" or a positive whole number (GROUPCTL_CONCURRENCY), got "lots"'],
    [{ 'rate-limit': -1 }, { GROUPCTL_RATE_LIMIT: '5' }, 'rate limit must be a positive number (--rate-limit), got "-1"'],
    [{}, { GROUPCTL_RATE_LIMIT: '0' }, 'rate limit must be a positive number (GROUPCTL_RATE_LIMIT), got "0"'],
    [{ 'max-removals': 1.5 }, {}, '--max-removals must be a whole number of 0 or more, got "1.5"'],
    [{}, { GROUPCTL_MAX_FORGET: 'many' }, 'GROUPCTL_MAX_FORGET must be a whole number of 0 or more, got "many"'],
    [{ sandbox: true, concurrency: 'x' }, {}, '(--concurrency), got "x"'],
    [{ 'sandbox-users': 'alice' }, {}, '--sandbox-users needs --sandbox'],
    [{ sandbox: true, 'sandbox-users': 'alice,,bob' }, {}, '--sandbox-users takes user names separated by commas (a,b,c), got "alice,,bob"'],
  ])('refuses %j with %j, naming the source', (flags, env, message) => {
    expect(() => resolveSettings(flags, ioWith({ ...remote, ...env }))).toThrow(message);
  });

  it('stops at a missing base URL without --sandbox, saying what to do', () => {
    expect(() => resolveSettings({}, ioWith({ GROUPCTL_TOKEN: 't' }))).toThrow(/GROUPCTL_BASE_URL.*--sandbox/);
  });
});

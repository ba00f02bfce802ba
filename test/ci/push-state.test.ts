/** examples/ci/bin/push-state.sh against a real bare remote: lands, retries, or fails the job. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, makeRemote } from './git-remote.js';

const SCRIPT = path.resolve(import.meta.dirname, '../../examples/ci/bin/push-state.sh');
const STATE = 'groups/groupctl.state.json';

function push(dir: string, remote: string): { code: number | null; out: string } {
  const r = spawnSync('bash', [SCRIPT, remote, 'main', STATE], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GROUPCTL_PUSH_DELAY: '0', GROUPCTL_PUSH_ATTEMPTS: '3', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('push-state.sh', () => {
  it('lands after a refused push, on top of a commit that moved main meanwhile', () => {
    const remote = makeRemote({ [STATE]: '{"serial":1}\n', 'groups/a.yaml': 'a\n' });
    const ci = remote.clone('ci');
    const other = remote.clone('other');
    writeFileSync(path.join(other, 'groups/a.yaml'), 'a2\n');
    git(other, 'commit', '-qam', 'someone merged meanwhile');
    git(other, 'push', '-q', 'origin', 'HEAD:main');
    remote.refuse(1);
    writeFileSync(path.join(ci, STATE), '{"serial":2}\n');
    const r = push(ci, remote.bare);
    expect(r.out).toContain('refused once');
    expect(r.code).toBe(0);
    expect(git(remote.bare, 'show', `main:${STATE}`)).toBe('{"serial":2}');
    expect(git(remote.bare, 'log', '--format=%s', 'main')).toBe(
      'groupctl: record group bindings [skip ci]\nsomeone merged meanwhile\nseed',
    );
  });

  it('fails the job when the push never lands', () => {
    const remote = makeRemote({ [STATE]: '{"serial":1}\n' });
    const ci = remote.clone('ci');
    remote.refuse(Infinity);
    writeFileSync(path.join(ci, STATE), '{"serial":2}\n');
    const r = push(ci, remote.bare);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('could not push the state file to main after 3 attempts');
    expect(git(remote.bare, 'show', `main:${STATE}`)).toBe('{"serial":1}');
  });

  it('fails the job when the state file was edited on main meanwhile', () => {
    const remote = makeRemote({ [STATE]: '{"serial":1}\n' });
    const ci = remote.clone('ci');
    const other = remote.clone('other');
    writeFileSync(path.join(other, STATE), '{"serial":9}\n');
    git(other, 'commit', '-qam', 'hand edit');
    git(other, 'push', '-q', 'origin', 'HEAD:main');
    writeFileSync(path.join(ci, STATE), '{"serial":2}\n');
    const r = push(ci, remote.bare);
    expect(r.code).toBe(1);
    expect(r.out).toContain('conflicts with main');
  });

  it('does nothing, successfully, when the state file is unchanged', () => {
    const remote = makeRemote({ [STATE]: '{"serial":1}\n' });
    const ci = remote.clone('ci');
    remote.refuse(Infinity);
    expect(push(ci, remote.bare)).toMatchObject({ code: 0, out: expect.stringContaining('unchanged') });
  });
});

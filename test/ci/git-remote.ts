/** A real bare git remote in a temp folder, its clones, and a pre-receive hook that refuses pushes. */
import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/cli.js';

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.test',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.test',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

export interface Remote {
  bare: string;
  root: string;
  /** A fresh clone of main, as a CI checkout is. */
  clone(name: string): string;
  /** Refuses the next `times` pushes (Infinity: all of them). */
  refuse(times: number): void;
}

/** A bare remote whose main holds `files`. */
export function makeRemote(files: Record<string, string>): Remote {
  const root = tempDir();
  const bare = path.join(root, 'remote.git');
  git(root, 'init', '-q', '--bare', '-b', 'main', bare);
  const seed = path.join(root, 'seed');
  git(root, 'init', '-q', '-b', 'main', seed);
  for (const [name, content] of Object.entries(files)) {
    execFileSync('mkdir', ['-p', path.dirname(path.join(seed, name))]);
    writeFileSync(path.join(seed, name), content);
  }
  git(seed, 'add', '-A');
  git(seed, 'commit', '-q', '-m', 'seed');
  git(seed, 'push', '-q', bare, 'HEAD:main');
  return {
    bare,
    root,
    clone(name) {
      const dir = path.join(root, name);
      git(root, 'clone', '-q', bare, dir);
      git(dir, 'config', 'user.name', 'ci');
      git(dir, 'config', 'user.email', 'ci@example.test');
      return dir;
    },
    refuse(times) {
      const counter = path.join(root, 'refusals-left');
      writeFileSync(counter, Number.isFinite(times) ? String(times) : 'always');
      const hook = path.join(bare, 'hooks', 'pre-receive');
      writeFileSync(
        hook,
        `#!/bin/sh\nleft=$(cat '${counter}')\n[ "$left" = always ] && { echo 'refused (test hook)' >&2; exit 1; }\n` +
          `[ "$left" -gt 0 ] || exit 0\necho $((left - 1)) > '${counter}'\necho 'refused once (test hook)' >&2\nexit 1\n`,
      );
      chmodSync(hook, 0o755);
    },
  };
}

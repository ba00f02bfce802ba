/**
 * zsh completion, driven without a terminal: the generated file is loaded as zsh loads
 * it (compinit over an fpath folder, or `source`), and zsh's own helpers (_describe,
 * _arguments, compadd, _files) are replaced by functions printing what they were given, so
 * the test reads the candidates the script offers. It proves: the first TAB completes
 * (the autoloaded body runs the completer), `--no-*` flags, config keys for --target read
 * offline by `completion keys`, and the `npx groupctl` form.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from './in-process.js';
import { tempDir } from '../helpers/cli.js';

const hasZsh = spawnSync('zsh', ['-fc', 'true']).status === 0;

const STUBS = `
_describe() { print -l -- "described:" \${(P)\${@[-1]}} }
_arguments() { print -l -- "arguments:" "$@" }
compadd() { print -l -- "added:" \${(P)\${@[-1]}} "$@" }
_files() { print -- "files" }
`;

describe.skipIf(!hasZsh)('zsh completion', () => {
  let dir: string;

  beforeAll(async () => {
    dir = tempDir({ 'groups/eng.yaml': 'groups:\n  eng-all:\n    name: Eng\n    owner: alice\n  eng-oncall:\n    name: Oncall\n    owner: alice\n' });
    const { stdout, code } = await runInProcess(['completion', 'zsh']);
    expect(code).toBe(0);
    writeFileSync(path.join(dir, '_groupctl'), stdout);
  });

  /** Runs `body` in a clean zsh whose fpath holds the generated file, after compinit and the stubs. */
  function zsh(body: string, load: 'fpath' | 'source' = 'fpath'): string {
    const setup =
      load === 'fpath'
        ? `fpath=(${JSON.stringify(dir)} $fpath); autoload -Uz compinit; compinit -u -d ${JSON.stringify(path.join(dir, '.zcompdump'))}`
        : `autoload -Uz compinit; compinit -u -d ${JSON.stringify(path.join(dir, '.zcompdump'))}; source ${JSON.stringify(path.join(dir, '_groupctl'))}`;
    const result = spawnSync('zsh', ['-f', '-c', `${setup}\n${STUBS}\n${body}`], { encoding: 'utf8', cwd: dir });
    expect(result.stderr).toBe('');
    return result.stdout;
  }

  it('the first TAB completes: the autoloaded file runs the completer, not only defines it', () => {
    const out = zsh(`print "comps: $_comps[groupctl] $_comps[npx]"\nservice=groupctl; words=(groupctl ''); CURRENT=2; _groupctl`);
    expect(out).toContain('comps: _groupctl _groupctl');
    expect(out).toContain('described:');
    expect(out).toMatch(/^plan:/m);
    expect(out).toMatch(/^apply:/m);
  });

  it('sourced, it registers with compdef at once', () => {
    expect(zsh('print "comps: $_comps[groupctl] $_comps[npx]"', 'source')).toContain('comps: _groupctl _groupctl');
  });

  it('offers --no-* beside boolean flags, and config keys for --target', () => {
    const out = zsh(`service=groupctl; words=(groupctl plan --); CURRENT=3; _groupctl; _groupctl; print`);
    expect(out).toMatch(/^--no-check-users\[/m);
    expect(out).toMatch(/^--check-users\[/m);
    expect(out).toMatch(/^\*--target\[.*\]:KEY:_groupctl_keys$/m);
  });

  it('--target completes the keys that `groupctl completion keys` lists (through npx in the npx form)', () => {
    const keys = zsh(`groupctl() { print -l eng-all eng-oncall }\nnpx() { print -- "npx $*" }\nwords=(plan --target ''); _groupctl_keys; _groupctl_program='npx groupctl'; _groupctl_keys`, 'source');
    expect(keys).toMatch(/added:\neng-all\neng-oncall\n/);
    expect(keys).toContain('npx groupctl completion keys');
  });

  it('npx groupctl: completes groupctl, then its commands', () => {
    const out = zsh(`service=npx; words=(npx ''); CURRENT=2; _groupctl; service=npx; words=(npx groupctl ''); CURRENT=3; _groupctl`);
    expect(out).toMatch(/added:\n(.*\n)*groupctl/);
    expect(out).toMatch(/described:\n(.*\n)*plan:/);
  });

  it('completion keys: the config keys, read offline; a broken config lists nothing and says nothing', async () => {
    const listed = await runInProcess(['completion', 'keys'], { cwd: dir });
    expect(listed).toMatchObject({ code: 0, stdout: 'eng-all\neng-oncall\n', stderr: '' });
    const broken = tempDir({ 'groups/bad.yaml': 'groups: [\n' });
    expect(await runInProcess(['completion', 'keys'], { cwd: broken })).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });
});

/**
 * `groupctl completion bash|zsh|fish` comes from the command table: bash completes
 * commands, flags and flag values when it runs the script, and every shell's script names
 * every command and flag.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/specs.js';
import { runCli } from '../helpers/cli.js';

/** What bash's completion offers for `words`, the cursor after the last one. */
function complete(script: string, words: string[]): string[] {
  const program = `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _groupctl; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const result = spawnSync('bash', ['--norc', '--noprofile', '-c', program], { encoding: 'utf8', cwd: '/' });
  expect(result.stderr).toBe('');
  return result.stdout.split('\n').filter(Boolean).sort();
}

describe('completion', () => {
  it('bash: completes commands, a command\'s flags, and a flag\'s values', async () => {
    const { stdout, code } = await runCli(['completion', 'bash']);
    expect(code).toBe(0);
    expect(complete(stdout, ['groupctl', 'p'])).toEqual(['plan']);
    expect(complete(stdout, ['groupctl', 'c'])).toEqual(['comment', 'completion']);
    expect(complete(stdout, ['groupctl', 'plan', '--d'])).toEqual(['--debug', '--detailed-exitcode']);
    expect(complete(stdout, ['groupctl', 'plan', '--format', ''])).toEqual(['json', 'markdown', 'text']);
    expect(complete(stdout, ['groupctl', 'comment', '--v'])).toEqual(['--verify']);
    expect(complete(stdout, ['groupctl', 'completion', ''])).toEqual(['bash', 'fish', 'zsh']);
  });

  it.each(['bash', 'zsh', 'fish'])('%s: names every command and every flag of the command table', async (shell) => {
    const { stdout, code } = await runCli(['completion', shell]);
    expect(code).toBe(0);
    for (const command of Object.values(COMMANDS)) {
      expect(stdout).toContain(command.name);
      for (const flag of Object.keys(command.flags)) expect(stdout).toMatch(new RegExp(`(--|-l )${flag}\\b`));
    }
  });

  it('refuses an unknown shell', async () => {
    const result = await runCli(['completion', 'tcsh']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('completion takes one shell: bash, zsh, fish');
  });
});

/** The action's `plan-args` / `apply-args` splitter: words as a user writes them, no shell. */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script shipped with the action, no types
import { splitArgs } from '../../examples/ci/bin/split-args.mjs';

const SCRIPT = path.resolve(import.meta.dirname, '../../examples/ci/bin/split-args.mjs');
const split = splitArgs as (text: string) => string[];

describe('splitArgs', () => {
  it('honours quotes as a user writes them', () => {
    expect(split(`--target 'eng-*' --max-removals 20`)).toEqual(['--target', 'eng-*', '--max-removals', '20']);
    expect(split(`--target "sales team" x"y"'z'`)).toEqual(['--target', 'sales team', 'xyz']);
  });
  it('keeps escapes as sh does', () => {
    expect(split(String.raw`a\ b "c\"d" "e\nf" 'g\h' \'`)).toEqual(['a b', 'c"d', 'e\\nf', 'g\\h', "'"]);
    expect(split('one \\\ntwo')).toEqual(['one', 'two']);
  });
  it('expands nothing', () => {
    expect(split('$HOME `id` $(id) *')).toEqual(['$HOME', '`id`', '$(id)', '*']);
  });
  it('gives no words for an empty input, and an empty word for empty quotes', () => {
    expect(split('')).toEqual([]);
    expect(split('  \n\t ')).toEqual([]);
    expect(split(`'' ""`)).toEqual(['', '']);
  });
  it('refuses an unclosed quote or a trailing backslash', () => {
    expect(() => split(`--target 'eng-*`)).toThrow(/unclosed single quote/);
    expect(() => split(`--target "eng`)).toThrow(/unclosed double quote/);
    expect(() => split('a \\')).toThrow(/trailing backslash/);
  });
  it('prints NUL-separated words that bash reads back intact, and names the input on error', () => {
    const out = execFileSync('bash', ['-c', `mapfile -d '' w < <(node "$0" plan-args "$1"); printf '<%s>' "\${w[@]}"`, SCRIPT, `--target 'eng-*' ''`], { encoding: 'utf8' });
    expect(out).toBe('<--target><eng-*><>');
    const bad = spawnSync('node', [SCRIPT, 'apply-args', `'x`], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('input "apply-args": unclosed single quote');
  });
});

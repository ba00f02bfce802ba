/**
 * The argument parser, flag kind by flag kind: what each kind takes from the words after
 * it, and the errors that name the flag. Pure: no process, no files.
 */
import { describe, expect, it } from 'vitest';
import { parseArgs, type FlagSpecs } from '../../src/cli/args.js';

const specs: FlagSpecs = {
  help: { kind: 'boolean', short: 'h', help: '' },
  color: { kind: 'boolean', help: '' },
  out: { kind: 'string', value: 'FILE', help: '' },
  'rate-limit': { kind: 'number', value: 'RPS', help: '' },
  group: { kind: 'list', value: 'ID...', help: '' },
  target: { kind: 'repeat', value: 'KEY', help: '' },
  sandbox: { kind: 'optional-file', value: 'FILE', help: '' },
};
const parse = (...argv: string[]) => parseArgs(argv, specs, 'plan');

describe('parseArgs', () => {
  it.each([
    ['a boolean, and its short form', ['--color', '-h'], { color: true, help: true }, []],
    ['a negated boolean', ['--no-color'], { color: false }, []],
    ['a boolean written true or false', ['--color=false', '--help=true'], { color: false, help: true }],
    ['a string, in the next word or after =', ['--out', 'a.json', 'groups/'], { out: 'a.json' }, ['groups/']],
    ['a string after =', ['--out=b.json'], { out: 'b.json' }, []],
    ['a number', ['--rate-limit', '12.5'], { 'rate-limit': 12.5 }, []],
    ['a list: commas and the words that follow, across uses', ['--group', 'a,b', 'c', '--group=d', 'e'], { group: ['a', 'b', 'c', 'd'] }, ['e']],
    ['a repeated flag, one value a use', ['--target', 'a', 'x', '--target', 'b*'], { target: ['a', 'b*'] }, ['x']],
    ['an optional file alone', ['--sandbox', '--out', 'p.json'], { sandbox: true, out: 'p.json' }, []],
    ['words after -- are PATHs, even flag-like ones', ['--', '--color', '-'], {}, ['--color', '-']],
  ])('%s', (_name, argv, flags, positionals = []) => {
    const parsed = parse(...argv);
    expect(parsed.flags).toEqual(flags);
    expect(parsed.positionals).toEqual(positionals);
  });

  it.each([
    [['--colour'], 'unknown flag --colour for "groupctl plan"; did you mean --color?'],
    [['--constructor'], 'unknown flag --constructor for "groupctl plan"'],
    [['--out'], 'flag --out needs a value (FILE)'],
    [['--out', '--color'], 'flag --out needs a value (FILE)'],
    [['--rate-limit', 'fast'], 'flag --rate-limit takes a number, got "fast"'],
    [['--rate-limit', ' '], 'flag --rate-limit takes a number, got " "'],
    [['--color=yes'], 'flag --color takes no value (got "yes")'],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parse(...argv)).toThrow(message);
  });
});

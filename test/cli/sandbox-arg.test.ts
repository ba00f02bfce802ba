/**
 * The rule for `--sandbox [FILE]`: `--sandbox=FILE` always takes FILE; `--sandbox WORD`
 * takes WORD unless it is a flag or a config PATH (a .yaml/.yml file, a word ending in /,
 * an existing folder).
 */
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args.js';
import { COMMANDS } from '../../src/cli/specs.js';

const folders = new Set(['groups', 'examples/small-team']);
const parse = (argv: string[]) => parseArgs(argv, COMMANDS.plan!.flags, 'plan', { isFolder: (w) => folders.has(w) });

describe('--sandbox [FILE]', () => {
  it.each([
    [['--sandbox'], true, []],
    [['--sandbox', 'state.json'], 'state.json', []],
    [['--sandbox', 'sandbox.db'], 'sandbox.db', []],
    [['--sandbox', '.groupctl/demo'], '.groupctl/demo', []],
    [['--sandbox=groups'], 'groups', []],
    [['--sandbox', 'groups'], true, ['groups']],
    [['--sandbox', 'examples/small-team'], true, ['examples/small-team']],
    [['--sandbox', 'new-folder/'], true, ['new-folder/']],
    [['--sandbox', 'team.yaml'], true, ['team.yaml']],
    [['--sandbox', 'team.YML'], true, ['team.YML']],
    [['--sandbox', '--out', 'plan.json'], true, []],
    [['groups', '--sandbox', 'my.sandbox', 'examples/small-team'], 'my.sandbox', ['groups', 'examples/small-team']],
  ])('%j -> sandbox %j, PATHs %j', (argv, sandbox, positionals) => {
    const parsed = parse(argv);
    expect(parsed.flags.sandbox).toEqual(sandbox);
    expect(parsed.positionals).toEqual(positionals);
  });
});

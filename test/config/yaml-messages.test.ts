/**
 * YAML syntax errors in our words, at the line and column where the mistake is written
 * (issue 22), not where the parser gave up: an unclosed quote is told where it opens, a
 * badly indented entry at its first character. Lines are counted from 1 in each `yaml(...)`.
 */
import { describe, expect, it } from 'vitest';
import { issueLines, useTree, yaml } from './helpers.js';

const tree = useTree();

const cases: { name: string; text: string; expected: string }[] = [
  {
    name: 'a tab as indentation',
    text: yaml('groups:', '  team:', '\tname: Team'),
    expected: 'c.yaml:3:1: yaml: a tab indents this line; YAML indents with spaces only',
  },
  {
    name: 'a key written twice, at the second, naming the first',
    text: yaml('groups:', '  team:', '    name: a', '    name: b'),
    expected: 'c.yaml:4:5: yaml: key "name" is written twice in one mapping (first at line 3); keep one',
  },
  {
    name: 'an unclosed double quote, where it opens (the parser says line 5)',
    text: yaml('groups:', '  team:', '    name: "Team', '    owner: alice'),
    expected: 'c.yaml:3:11: yaml: this value opens a " quote that is never closed: add the closing " (else the value runs to the end of the file)',
  },
  {
    name: 'an unclosed single quote after a closed double one',
    text: yaml('groups:', '  team:', '    name: "Team"', "    custom: 'x", '    owner: alice'),
    expected: "c.yaml:4:13: yaml: this value opens a ' quote that is never closed: add the closing ' (else the value runs to the end of the file)",
  },
  {
    name: 'an entry indented less than the ones above it, at its first character (the parser says column 1)',
    text: yaml('groups:', '  team:', '    name: a', '   owner: b'),
    expected: 'c.yaml:4:4: yaml: indented differently from the entries above it: entries of one mapping (or list) start at the same column',
  },
  {
    name: 'no space after the colon',
    text: yaml('groups:', '  team:', '    name:x', '    owner: b'),
    expected: 'c.yaml:3:5: yaml: add a space after the colon: "name: x", not "name:x"',
  },
  {
    name: 'an unclosed [, where it opens',
    text: yaml('groups:', '  team:', '    members: [a, b', '    owner: x'),
    expected: 'c.yaml:3:14: yaml: this [ is never closed: add the ] where the list ends',
  },
  {
    name: '": " inside a plain value',
    text: yaml('groups:', '  team:', '    name: a: b'),
    expected: 'c.yaml:3:11: yaml: this value has ": " in it, which starts a mapping: put the value in quotes ("a: b")',
  },
];

describe('YAML syntax errors', () => {
  it.each(cases)('$name', async ({ text, expected }) => {
    const root = tree({ 'c.yaml': text });
    expect((await issueLines(['c.yaml'], root))[0]).toBe(expected);
  });

  it('keeps the parser\'s words for an error it has no better ones for', async () => {
    const root = tree({ 'c.yaml': yaml('groups: {}', '---', 'groups: {}') });
    expect(await issueLines(['c.yaml'], root)).toEqual(['c.yaml:2:1: yaml: Source contains multiple documents; please use YAML.parseAllDocuments()']);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseYamlSource, scanGroupKeys } from '../../src/config/yaml-fast-source.js';
import { parsePreciseYamlSource } from '../../src/config/yaml-source.js';

const ROOT = path.join(import.meta.dirname, '../..');

/** The fast reading must say exactly what the precise one says, down to every field's position. */
function expectSameReading(text: string): void {
  const fast = parseYamlSource('f.yaml', text);
  const precise = parsePreciseYamlSource('f.yaml', text);
  expect(fast.data).toEqual(precise.data);
  for (const path of pathsOf(precise.data)) {
    const where = path.join('.');
    expect(fast.keyPosition(path), where).toEqual(precise.keyPosition(path));
    expect(fast.valuePosition(path), where).toEqual(precise.valuePosition(path));
    expect(fast.sourceText(path), where).toEqual(precise.sourceText(path));
    expect(fast.nonStringKey(path), where).toEqual(precise.nonStringKey(path));
  }
}

/** Every path into plain data: `['groups']`, `['groups', 'eng']`, `['groups', 'eng', 'admins', 0]`, ... */
function pathsOf(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [path];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, i) => [i, item]) : Object.entries(value);
  return [path, ...entries.flatMap(([key, item]) => pathsOf(item, [...path, key]))];
}

describe('the fast reading of config files', () => {
  const examples = readdirSync(path.join(ROOT, 'examples'), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f) && !f.includes('.git'))
    .map((f) => path.join(ROOT, 'examples', f));

  it.each(examples)('reads %s as the precise reading does', (file) => {
    expectSameReading(readFileSync(file, 'utf8'));
  });

  it('finds group keys by a line scan in a plain file', () => {
    const text = 'groups:\n  # a comment\n  eng:\n    owner: a\n  "quoted key":\n    owner: b\n  \'single\': {owner: c}\n';
    const data = parsePreciseYamlSource('f', text).data as { groups: Record<string, unknown> };
    expect(scanGroupKeys(text, data)).toEqual(
      new Map([
        ['eng', { line: 3, col: 3 }],
        ['quoted key', { line: 5, col: 3 }],
        ['single', { line: 7, col: 3 }],
      ]),
    );
    expectSameReading(text);
  });

  it.each([
    ['flow style', 'groups: {eng: {owner: a}}\n'],
    ['a merge key among the groups', 'x-base: &b\n  eng: {owner: a}\ngroups:\n  <<: *b\n  ops: {owner: b}\n'],
    ['a key that reads as a number', 'groups:\n  007:\n    owner: a\n'],
    ['a key that reads as a boolean', 'groups:\n  true:\n    owner: a\n'],
    ['tabs', 'groups:\n  eng:\n    owner: a\t# a tab before the comment\n'],
    ['a complex key', 'groups:\n  ? eng\n  : owner: a\n'],
  ])('leaves %s to the precise reading', (_name, text) => {
    const data = parsePreciseYamlSource('f', text).data as { groups: Record<string, unknown> } | undefined;
    if (data?.groups) expect(scanGroupKeys(text, data)).toBeUndefined();
    expectSameReading(text);
  });

  it.each([
    ['an anchor above groups:', 'x-base: &b\n  public: true\ngroups:\n  eng:\n    <<: *b\n    owner: a\n  ops:\n    owner: b\n'],
    ['an alias to an anchor in another group', 'groups:\n  eng:\n    owner: a\n    admins: &team [b, c]\n  ops:\n    owner: b\n    admins: *team\n'],
    ['top-level keys after the groups', 'groups:\n  eng:\n    owner: a\n# between\ndefaults:\n  public: true\nx-note: hi\n'],
    ['CRLF line ends', 'defaults:\r\n  public: true\r\ngroups:\r\n  eng:\r\n    owner: a\r\n    admins: [b]\r\n'],
  ])('locates every field of a file with %s as the whole-file reading does', (_name, text) => {
    expect(scanGroupKeys(text, parsePreciseYamlSource('f', text).data as { groups: Record<string, unknown> })).toBeDefined();
    expectSameReading(text);
  });

  it('leaves an alias bomb to the precise reading, which refuses it', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const text = `x-bomb:\n${levels.map((l) => `  ${l}`).join('\n')}\ngroups:\n  eng: {owner: a}\n`;
    const source = parseYamlSource('f.yaml', text);
    expect(source.issues.map((i) => i.message).join('\n')).toMatch(/alias/i);
  });

  const user = fc.stringMatching(/^[a-z][a-z0-9._-]{0,8}$/);
  const group = fc.record(
    {
      name: fc.string({ maxLength: 12 }),
      owner: user,
      admins: fc.array(user, { maxLength: 3 }),
      public: fc.boolean(),
      max_users: fc.integer({ min: 1, max: 3000 }),
      custom: fc.oneof(fc.constant('007'), fc.constant('true'), fc.constant('2020-01-01'), fc.string({ maxLength: 6 })),
    },
    { requiredKeys: ['owner'] },
  );
  const config = fc.dictionary(fc.oneof(fc.stringMatching(/^[a-z0-9][a-z0-9_.-]{0,10}$/), fc.string({ minLength: 1, maxLength: 6 })), group, { minKeys: 1, maxKeys: 6 });

  it('reads any config the yaml package writes, in any style, as the precise reading does', () => {
    fc.assert(
      fc.property(config, fc.boolean(), (groups, flowLists) => {
        const text = stringify({ groups }, { collectionStyle: 'block', flowCollectionPadding: flowLists });
        expectSameReading(text);
      }),
      { numRuns: 300 },
    );
  });
});

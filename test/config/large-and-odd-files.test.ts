import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { firstInvalidUtf8, MAX_CONFIG_FILE_BYTES } from '../../src/config/read-config-file.js';
import { PRECISE_READING_LIMIT } from '../../src/config/yaml-fast-source.js';
import { issueLines, useTree } from './helpers.js';

const tree = useTree();

/** `count` plain groups, one owner line each: about 26 bytes a group. */
function manyGroups(count: number): string[] {
  const parts = ['groups:\n'];
  for (let i = 0; i < count; i++) parts.push(`  g${i}:\n    owner: u${i % 500}\n`);
  return parts;
}

describe('large config files', () => {
  it('loads 200,000 groups from one file', async () => {
    const root = tree({ 'big.yaml': manyGroups(200_000).join('') });
    const state = await loadConfig(['big.yaml'], { cwd: root });
    expect(state.groups.size).toBe(200_000);
    expect(state.groups.get('g199999')).toMatchObject({ owner: 'u499', source: { file: 'big.yaml', line: 400_000, col: 3 } });
  });

  // ajv checks uniqueItems pairwise (130,000 names: about 50 s) unless the items' schema says
  // they are strings; then it keeps a hash. The test's 20 s bound fails the pairwise check.
  it('loads one group of 130,000 members, and locates a name listed twice at its line', { timeout: 20_000 }, async () => {
    const names = Array.from({ length: 130_000 }, (_, i) => `    - u${i}\n`);
    const head = 'groups:\n  big:\n    owner: boss\n    max_users: 200000\n    members:\n';
    const root = tree({ 'big.yaml': head + names.join(''), 'twice/big.yaml': `${head}${names.join('')}    - u5\n` });
    const state = await loadConfig(['big.yaml'], { cwd: root });
    expect(state.groups.get('big')?.members?.length).toBe(130_000);
    expect(await issueLines(['twice/big.yaml'], root)).toEqual(['twice/big.yaml:130006:7: groups.big.members[130000]: "u5" is listed twice (also item 6 of members)']);
  });

  it('locates a schema error in the last group of a large file, by its exact line', async () => {
    const parts = manyGroups(85_000);
    parts.push('  last:\n    owner: alice\n    max_users: many\n');
    const text = parts.join('');
    expect(text.length).toBeGreaterThan(PRECISE_READING_LIMIT);
    const root = tree({ 'big.yaml': text });
    expect(await issueLines(['big.yaml'], root)).toEqual(['big.yaml:170004:16: groups.last.max_users: expected a whole number, got string "many"']);
  });

  it('locates a syntax error near the end of a large file', async () => {
    const parts = manyGroups(85_000);
    parts.push('  last:\n    owner: alice\n    admins: [bob\n');
    const root = tree({ 'big.yaml': parts.join('') });
    const lines = await issueLines(['big.yaml'], root);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^big\.yaml:17000[45]:\d+: yaml: .*flow collection/);
  });

  it('refuses a file over the size limit before reading it, and says what to do', async () => {
    const root = tree({ 'ok.yaml': 'groups:\n  a:\n    owner: alice\n' });
    // Sparse zeros: had the loader read or parsed them, the error would be about YAML or encoding.
    writeFileSync(join(root, 'huge.yaml'), '');
    truncateSync(join(root, 'huge.yaml'), MAX_CONFIG_FILE_BYTES + 1);
    expect(await issueLines(['.'], root)).toEqual([
      'huge.yaml: path: is 67,108,865 bytes (64.0 MiB), over the limit of 67,108,864 bytes (64.0 MiB) for one config file (reading a file takes about 11 times its size in memory, and this limit keeps one file within about 730 MB); split its groups into several files in a folder and pass the folder (every *.yaml below it is read)',
    ]);
  });
});

describe('config files that are not UTF-8', () => {
  it('names the file, line and column of the first bad byte', async () => {
    const root = tree({});
    // "café" in Latin-1 on line 3: é is the single byte 0xE9.
    writeFileSync(join(root, 'latin1.yaml'), Buffer.concat([Buffer.from('groups:\n  eng:\n    name: caf'), Buffer.from([0xe9]), Buffer.from('\n    owner: alice\n')]));
    expect(await issueLines(['latin1.yaml'], root)).toEqual(['latin1.yaml:3:14: encoding: byte 0xE9 is not valid UTF-8; save the file as UTF-8']);
  });

  it('counts the column in characters after valid multi-byte text', async () => {
    const root = tree({});
    writeFileSync(join(root, 'a.yaml'), Buffer.concat([Buffer.from('groups:\n  é€😀: x'), Buffer.from([0xff])]));
    expect(await issueLines(['a.yaml'], root)).toEqual(['a.yaml:2:10: encoding: byte 0xFF is not valid UTF-8; save the file as UTF-8']);
  });

  it.each([
    ['plain ASCII', [0x61, 0x62], 2],
    ['two-, three- and four-byte characters', [...Buffer.from('é€😀')], 9],
    ['a lone continuation byte', [0x61, 0x80], 1],
    ['an overlong encoding of "/"', [0xc0, 0xaf], 0],
    ['an overlong three-byte sequence', [0xe0, 0x80, 0x80], 0],
    ['a UTF-16 surrogate', [0x61, 0xed, 0xa0, 0x80], 1],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a sequence cut short by the end', [0x61, 0xe2, 0x82], 1],
    ['a sequence cut short by ASCII', [0xe2, 0x41, 0x41], 0],
  ])('finds the first bad byte: %s', (_name, bytes, offset) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(offset);
    // The decoder the loader relies on agrees on whether the bytes are UTF-8.
    const valid = offset === bytes.length;
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes))).toSatisfy((decode: () => void) => {
      try {
        decode();
        return valid;
      } catch {
        return !valid;
      }
    });
  });
});

describe('a file nested too deeply', () => {
  it.each([
    ['100,000 levels of [ ]', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, 4],
    ['100,000 levels of { }', `${'{a: '.repeat(100_000)}1${'}'.repeat(100_000)}`, 4],
  ])('with %s is one located error in our words, not a stack overflow', async (_, value, line) => {
    const root = tree({ 'deep.yaml': `groups:\n  a:\n    owner: x\n    custom: ${value}\n` });
    const lines = await issueLines(['deep.yaml'], root);
    expect(lines, lines.join('\n').slice(0, 2000)).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^deep\\.yaml:${line}:\\d+: yaml: nested too deeply to read .*a groupctl configuration needs only a few$`));
  });

  it('with 3,000 indented levels is one located error in our words', async () => {
    let text = 'groups:\n  a:\n    owner: x\n    description:\n';
    for (let i = 0, indent = '      '; i < 3000; i++, indent += '  ') text += `${indent}k:\n`;
    const lines = await issueLines(['deep.yaml'], tree({ 'deep.yaml': text }));
    expect(lines).toEqual([expect.stringMatching(/^deep\.yaml:\d+:\d+: yaml: nested too deeply to read/)]);
  });
});

describe('keys, fields and users named like Object.prototype members', () => {
  it('loads the key `constructor` with such users, in the fast and the precise reading alike', async () => {
    const block = 'groups:\n  constructor:\n    owner: __proto__\n    admins: [constructor]\n    members: [tostring]\n';
    const flow = 'groups: {constructor: {owner: __proto__, admins: [constructor], members: [tostring]}}\n';
    for (const text of [block, flow]) {
      const root = tree({ 'a.yaml': text });
      const group = (await loadConfig(['a.yaml'], { cwd: root })).groups.get('constructor');
      expect(group).toMatchObject({ key: 'constructor', owner: '__proto__', admins: ['constructor'], members: ['tostring'] });
    }
  });

  it('reports `__proto__` as a key or a field at its place, never taking it for a prototype', async () => {
    const root = tree({ 'a.yaml': 'groups:\n  "__proto__":\n    owner: alice\n  b:\n    owner: bob\n    __proto__: {public: true}\n' });
    expect(await issueLines(['a.yaml'], root)).toEqual([
      'a.yaml:2:3: groups.__proto__: group key "__proto__" is not valid: use 1-128 characters of lowercase a-z, 0-9, "_", "." and "-", starting with a letter or digit',
      expect.stringMatching(/^a\.yaml:6:5: groups\.b\.__proto__: unknown field "__proto__"/),
    ]);
  });
});

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readDataFile, writeDataFile, type Snapshot } from '../../src/emulator/data-file.js';
import { openState } from '../../src/emulator/persistence.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'emulator-data-'));
  file = join(dir, 'data.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sample: Snapshot = {
  users: ['alice', { username: 'bob', password: 'x' }, 'carol'],
  groups: [
    { id: '228000000000001', owner: 'alice', groupname: 'one, "two"\n]', members: ['bob'] },
    { id: '228000000000002', owner: 'bob', description: '},\n{' },
  ],
  nextGroupId: '228000000000003',
  journalSeq: 7,
};

describe('the emulator data file', () => {
  it('is plain JSON with one record per line, and reads back as written', () => {
    writeDataFile(file, sample);
    const text = readFileSync(file, 'utf8');
    expect(JSON.parse(text)).toEqual(sample);
    expect(text.split('\n').slice(0, 9)).toEqual([
      '{"users":[',
      '"alice",',
      '{"username":"bob","password":"x"},',
      '"carol"',
      '],',
      '"groups":[',
      `${JSON.stringify(sample.groups[0])},`,
      JSON.stringify(sample.groups[1]),
      '],',
    ]);
    expect(readDataFile(file)).toEqual(sample);
    expect(readdirSync(dir)).toEqual(['data.json']);
  });

  it('writes and reads empty lists', () => {
    writeDataFile(file, { users: [], groups: [] });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ users: [], groups: [] });
    expect(readDataFile(file)).toEqual({ users: [], groups: [] });
  });

  it('reads any other layout of JSON whole: a snapshot of an older version, a hand-written seed', () => {
    const older = `{"users":["alice","bob"],\n"groups":[\n${JSON.stringify(sample.groups[0])},\n${JSON.stringify(sample.groups[1])}\n],\n"nextGroupId":"9",\n"journalSeq":3}\n`;
    writeFileSync(file, older);
    expect(readDataFile(file)).toEqual({ users: ['alice', 'bob'], groups: sample.groups, nextGroupId: '9', journalSeq: 3 });
    const handWritten = '{"users":[\n  "alice"\n],\n"groups":[\n  {\n    "owner": "alice"\n  }\n]\n}\n';
    writeFileSync(file, handWritten);
    expect(readDataFile(file)).toEqual({ users: ['alice'], groups: [{ owner: 'alice' }] });
    writeFileSync(file, '{"users":["alice"]}');
    expect(readDataFile(file)).toEqual({ users: ['alice'], groups: [] });
  });

  it('names the file when it is cut short or not JSON', () => {
    writeDataFile(file, sample);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, text.indexOf('"groups"') + 20));
    expect(() => readDataFile(file)).toThrow(`${file}: cannot load emulator data`);
    writeFileSync(file, 'null');
    expect(() => readDataFile(file)).toThrow(`${file}: cannot load emulator data: not a JSON object`);
  });

  it('is what the emulator keeps: a restart loads its own snapshot', () => {
    const first = openState({ dataFile: file, now: () => 1_000, seed: { users: ['alice'], groups: [] } });
    for (let i = 0; i < 3; i++) first.mutate('createGroup', { owner: 'alice', public: true, groupname: `g${i}` });
    const before = first.store.toData();
    first.close();
    expect(readFileSync(file, 'utf8').startsWith('{"users":[\n"alice"\n],\n"groups":[\n')).toBe(true);
    const second = openState({ dataFile: file, now: () => 2_000 });
    expect(second.store.toData()).toEqual(before);
    second.close();
  });
});

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFileAtomicSync } from '../../src/durable/index.js';
import { useTempDir } from '../state/helpers.js';

const tempDir = useTempDir();

describe.each([
  ['writeFileAtomic', writeFileAtomic],
  ['writeFileAtomicSync', async (path: string, data: string | Uint8Array) => writeFileAtomicSync(path, data)],
])('%s', (_name, write) => {
  it('creates a file and replaces an existing one, leaving no temp file behind', async () => {
    const dir = tempDir();
    const path = join(dir, 'plan.json');
    await write(path, 'first');
    expect(readFileSync(path, 'utf8')).toBe('first');
    writeFileSync(join(dir, 'neighbour.txt'), 'x');
    await write(path, new TextEncoder().encode('second'));
    expect(readFileSync(path, 'utf8')).toBe('second');
    expect(readdirSync(dir).sort()).toEqual(['neighbour.txt', 'plan.json']);
  });

  it('fails when the folder does not exist, leaving nothing behind', async () => {
    const dir = tempDir();
    await expect(write(join(dir, 'missing', 'plan.json'), 'x')).rejects.toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('writeFileAtomicSync with pieces', () => {
  it('writes the pieces in order, as one file', () => {
    const dir = tempDir();
    const path = join(dir, 'snapshot.json');
    function* pieces() {
      yield '{"groups":[';
      for (let i = 0; i < 3; i++) yield `${i > 0 ? ',' : ''}\n{"id":"${i}","name":"é${i}"}`;
      yield '\n]}\n';
    }
    writeFileAtomicSync(path, pieces());
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ groups: [0, 1, 2].map((i) => ({ id: String(i), name: `é${i}` })) });
    expect(readdirSync(dir)).toEqual(['snapshot.json']);
  });

  it('keeps the old file and removes its temporary when a piece fails', () => {
    const dir = tempDir();
    const path = join(dir, 'snapshot.json');
    writeFileSync(path, 'old');
    function* failing() {
      yield 'new, half';
      throw new Error('piece failed');
    }
    expect(() => writeFileAtomicSync(path, failing())).toThrow('piece failed');
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['snapshot.json']);
  });
});

describe('writeFileAtomicSync with many pieces', () => {
  it('writes pieces that add up to more than one write call takes, whole and in order', () => {
    const path = join(tempDir(), 'big.txt');
    const lines = Array.from({ length: 30_000 }, (_, i) => `${String(i).padStart(8, '0')} ${'x'.repeat(60)}\n`);
    writeFileAtomicSync(path, lines);
    expect(readFileSync(path, 'utf8')).toBe(lines.join(''));
  });
});

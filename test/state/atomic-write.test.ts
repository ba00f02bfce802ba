import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFileAtomicSync } from '../../src/state/atomic-write.js';
import { useTempDir } from './helpers.js';

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

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLinesSync } from '../../src/durable/index.js';
import { useTempDir } from '../state/helpers.js';

const tempDir = useTempDir();

function readAll(path: string) {
  const lines: Array<[string, number]> = [];
  const read = readLinesSync(path, (line, lineNumber) => lines.push([line, lineNumber]));
  return { lines, ...read };
}

describe('readLinesSync', () => {
  it('hands back complete lines with their numbers, and a torn tail apart', () => {
    const path = join(tempDir(), 'journal');
    writeFileSync(path, 'one\n\ntwo é\n{"torn":');
    expect(readAll(path)).toEqual({
      lines: [['one', 1], ['', 2], ['two é', 3]],
      validLength: Buffer.byteLength('one\n\ntwo é\n'),
      length: Buffer.byteLength('one\n\ntwo é\n{"torn":'),
      tail: '{"torn":',
    });
  });

  it('reads lines longer than its read size, and many of them, whole', () => {
    const path = join(tempDir(), 'snapshot');
    // 3 MiB lines cross the 1 MiB pieces; a multi-byte character may sit on a piece boundary.
    const long = 'é'.repeat(3 * 1024 * 1024 + 1);
    const short = Array.from({ length: 50_000 }, (_, i) => `line ${i}`);
    writeFileSync(path, `${long}\n${short.join('\n')}\n${long}\n`);
    const { lines, tail, validLength, length } = readAll(path);
    expect(lines.length).toBe(50_002);
    expect(lines[0]![0]).toBe(long);
    expect(lines[1]).toEqual(['line 0', 2]);
    expect(lines[50_000]).toEqual(['line 49999', 50_001]);
    expect(lines[50_001]![0]).toBe(long);
    expect(tail).toBe('');
    expect(validLength).toBe(length);
  });

  it('reads a missing file as an empty one, and throws other errors', () => {
    const dir = tempDir();
    expect(readAll(join(dir, 'missing'))).toEqual({ lines: [], validLength: 0, length: 0, tail: '' });
    expect(() => readLinesSync(dir, () => undefined)).toThrow(/EISDIR/);
  });

  it('stops at the error a line handler throws', () => {
    const path = join(tempDir(), 'journal');
    writeFileSync(path, 'a\nb\nc\n');
    const seen: string[] = [];
    const handler = (line: string) => {
      if (line === 'b') throw new Error('bad line b');
      seen.push(line);
    };
    expect(() => readLinesSync(path, handler)).toThrow('bad line b');
    expect(seen).toEqual(['a']);
  });
});

/**
 * The emulator stays small enough to read as an oracle: no file over 250 lines, no
 * function over 60, and nothing imported from the client (api/, model/, plan/...):
 * an oracle that shares the client's beliefs cannot catch them. The one exception is
 * src/durable/index.ts: how to write a file safely is not a belief about the service.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { functionLengths } from '../helpers/ts-shape.js';

const DIR = path.join(ROOT, 'src/emulator');
/** File durability (atomic replace, journals with a torn tail) is not a belief about the API: the one module outside it may use. */
const DURABLE = path.join(ROOT, 'src/durable/index.ts');
const FILES = (readdirSync(DIR, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).sort();

describe('the emulator as an oracle', () => {
  it('has the files it is read by', () => {
    expect(FILES).toEqual(expect.arrayContaining(['store/users.ts', 'store/groups.ts', 'store/membership.ts', 'store/queries.ts', 'store/seed.ts', 'edge.ts', 'auth.ts', 'body-io.ts', 'control.ts', 'limits.ts']));
  });

  it.each(FILES)('%s has at most 250 lines, functions of at most 60, and imports nothing outside src/emulator', (file) => {
    const text = readFileSync(path.join(DIR, file), 'utf8');
    expect(text.split('\n').length - 1).toBeLessThanOrEqual(250);
    expect(functionLengths(path.join(DIR, file), file).filter((f) => f.lines > 60)).toEqual([]);
    const imports = [...text.matchAll(/^(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map((m) => m[1]!);
    const resolved = imports.filter((spec) => spec.startsWith('.')).map((spec) => path.resolve(path.dirname(path.join(DIR, file)), spec));
    const outside = resolved.filter((target) => !target.startsWith(DIR + path.sep) && target.replace(/\.js$/, '.ts') !== DURABLE);
    expect(outside).toEqual([]);
  });

  it('reaches through src/durable to nothing but Node itself', () => {
    const durableDir = path.dirname(DURABLE);
    const files = readdirSync(durableDir).filter((f) => f.endsWith('.ts'));
    expect(files).toContain('index.ts');
    for (const file of files) {
      const text = readFileSync(path.join(durableDir, file), 'utf8');
      const specs = [...text.matchAll(/^(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map((m) => m[1]!);
      expect(specs.filter((spec) => !spec.startsWith('node:') && !spec.startsWith('./')), file).toEqual([]);
    }
  });
});

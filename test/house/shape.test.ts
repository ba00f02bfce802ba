/**
 * The house rules of issue 13, held for all of src/: a file is read in one sitting
 * (at most 250 lines, functions of at most 60), the engine knows the service only by its
 * interface, commands share helpers through their own file rather than through each
 * other, no import runs back round to its own file, and each folder's index says in one
 * line what it offers.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { functionLengths, lineCount, relativeImports } from '../helpers/ts-shape.js';

const SRC = path.join(ROOT, 'src');
const FILES = (readdirSync(SRC, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).sort();
const FOLDERS = [...new Set(FILES.map((f) => path.dirname(f)).filter((d) => d !== '.'))].sort();
const inside = (file: string, folder: string): boolean => file.startsWith(path.join(SRC, folder) + path.sep);
/** The top folder of a file under src/ ('' for src/index.ts). */
const stageOf = (relative: string): string => (relative.includes(path.sep) ? relative.split(path.sep)[0]! : '');

/** Imports into another stage's files other than its index.ts and the `allowed` folders (`model/`) and files. */
function deepImports(allowed: readonly string[]): string[] {
  const permits = (target: string): boolean =>
    path.basename(target) === 'index.ts' || allowed.some((a) => (a.endsWith('/') ? target.startsWith(a) : target === a));
  return FILES.flatMap((f) =>
    relativeImports(path.join(SRC, f))
      .map((target) => path.relative(SRC, target))
      .filter((target) => stageOf(target) !== stageOf(f) && !permits(target.split(path.sep).join('/')))
      .map((target) => `${f} -> ${target}`),
  );
}

describe('every file under src/', () => {
  it.each(FILES)('%s has at most 250 lines and functions of at most 60', (file) => {
    const full = path.join(SRC, file);
    expect(lineCount(full)).toBeLessThanOrEqual(250);
    expect(functionLengths(full, file).filter((f) => f.lines > 60)).toEqual([]);
  });
});

describe('boundaries', () => {
  it('apply/ reaches api/ only through the service interface', () => {
    const allowed = new Set(['service.ts', 'service-error.ts'].map((f) => path.join(SRC, 'api', f)));
    const crossings = FILES.filter((f) => f.startsWith(`apply${path.sep}`)).flatMap((f) =>
      relativeImports(path.join(SRC, f))
        .filter((target) => inside(target, 'api') && !allowed.has(target))
        .map((target) => `${f} -> ${path.relative(SRC, target)}`),
    );
    expect(crossings).toEqual([]);
  });

  it('no file imports itself back through others (type imports too): every import runs one way', () => {
    const imports = new Map(FILES.map((f) => [path.join(SRC, f), relativeImports(path.join(SRC, f))]));
    const circles: string[] = [];
    const done = new Set<string>();
    const walk = (file: string, trail: string[]): void => {
      if (trail.includes(file)) {
        circles.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(SRC, f)).join(' -> '));
        return;
      }
      if (done.has(file) || !imports.has(file)) return;
      for (const target of imports.get(file)!) walk(target, [...trail, file]);
      done.add(file);
    };
    for (const file of imports.keys()) walk(file, []);
    expect(circles).toEqual([]);
  });

  it('stages meet through their index files, except the deep imports src/README.md allows', () => {
    const section = readFileSync(path.join(SRC, 'README.md'), 'utf8').split('## How stages import each other')[1]?.split('\n## ')[0] ?? '';
    const allowed = [...section.matchAll(/`((?:[a-z-]+\/)+(?:[a-z-]+\.ts)?)`/g)].map((m) => m[1]!);
    expect(allowed.length).toBeGreaterThan(3);
    expect(deepImports(allowed)).toEqual([]);
  });

  it('the deep-import rule fails on an import it does not allow', () => {
    expect(deepImports(['model/', 'util/'])).toContain('apply/run-group.ts -> plan/types.ts');
  });

  it('the engine sits between cli/ and the stages: cli/ may import engine/; engine/ never imports cli/; no stage imports either', () => {
    // demo/ and the library entry run the tool from outside, as a user's program would.
    const outside = (f: string) => f === 'index.ts' || f.startsWith(`cli${path.sep}`) || f.startsWith(`demo${path.sep}`);
    const crossings = FILES.filter((f) => !outside(f)).flatMap((f) =>
      relativeImports(path.join(SRC, f))
        .filter((target) => inside(target, 'cli') || (inside(target, 'engine') && !f.startsWith(`engine${path.sep}`)))
        .map((target) => `${f} -> ${path.relative(SRC, target)}`),
    );
    expect(crossings).toEqual([]);
  });

  it('no command imports another command', () => {
    const commands = path.join(SRC, 'cli', 'commands');
    const crossings = readdirSync(commands).flatMap((f) =>
      relativeImports(path.join(commands, f))
        .filter((target) => path.dirname(target) === commands)
        .map((target) => `${f} -> ${path.basename(target)}`),
    );
    expect(crossings).toEqual([]);
  });
});

describe("each folder's index", () => {
  it('exists for every stage; cli/ and demo/ are entry points (main.ts), and nested folders belong to their stage', () => {
    const stages = FOLDERS.filter((d) => !d.includes(path.sep) && d !== 'cli' && d !== 'demo');
    expect(stages.filter((d) => !existsSync(path.join(SRC, d, 'index.ts')))).toEqual([]);
  });

  it.each(FOLDERS.filter((d) => existsSync(path.join(SRC, d, 'index.ts'))))('%s/index.ts opens with a one-line comment naming its surface', (folder) => {
    const first = readFileSync(path.join(SRC, folder, 'index.ts'), 'utf8').split('\n')[0]!;
    expect(first).toMatch(/^\/\*\* \S.* \*\/$/);
  });
});

describe('src/README.md', () => {
  const readme = readFileSync(path.join(SRC, 'README.md'), 'utf8');

  it('names every folder of src/', () => {
    const top = [...new Set(FOLDERS.map((d) => d.split(path.sep)[0]!))];
    expect(top.filter((d) => !readme.includes(`${d}/`))).toEqual([]);
  });

  it('points only at files that exist', () => {
    const named = [...readme.matchAll(/`((?:[a-z-]+\/)+[a-z-]+\.ts)`/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(20);
    expect(named.filter((f) => !existsSync(path.join(SRC, f)))).toEqual([]);
  });
});

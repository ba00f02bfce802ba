/**
 * The CLI ships as a bundle (src/cli/bundle.mjs, issue 23): dist/cli/main.js is the launcher
 * (cli/launch.ts), and rolldown's CommonJS entry and chunks are in dist/bin/, each with the V8
 * code cache the build made for it (test/package/code-cache.test.ts). Every CLI test runs it;
 * these check what a run may not reach: a file the bundle names beside itself that is not there
 * (a schema, a built validator, package.json) would make the CLI fall back or fail only where
 * it is used.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const LAUNCHER = path.join(ROOT, 'dist/cli/main.js');
const BIN = path.join(ROOT, 'dist/bin');
const ENTRY = path.join(BIN, 'main.cjs');
const chunks = readdirSync(BIN).filter((f) => f.endsWith('.cjs') && !f.endsWith('.validate.cjs')).map((f) => path.join(BIN, f));
// rolldown's CommonJS puts a chunk's static imports at the top level (column 0); the lazy ones are `.then(() => require(...))` inside code.
const STATIC_REQUIRE = /^(?:const|let|var) \w+ = require\("([^"]+)"\)/gm;
const BUILTINS = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

describe('the CLI bundle', () => {
  it('is what dist/cli/main.js launches: the launcher imports only the version and the code cache, the entry only its chunks and node built-ins', () => {
    const launcher = readFileSync(LAUNCHER, 'utf8');
    expect(launcher.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect([...launcher.matchAll(/import\(?\s*(?:[^'";]*?from\s*)?['"]([^'"]+)['"]/g)].map((m) => m[1]).sort()).toEqual(['./code-cache.js', './version.js']);
    const targets = [...readFileSync(ENTRY, 'utf8').matchAll(STATIC_REQUIRE)].map((m) => m[1]!);
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.filter((t) => !t.startsWith('./') && !BUILTINS.has(t))).toEqual([]);
  });

  it('keeps the laziness of the sources: what the entry loads before a command is chosen holds no config reader, state store or npm package', () => {
    const loaded = new Set<string>();
    const modules: string[] = [];
    const visit = (file: string): void => {
      if (loaded.has(file)) return;
      loaded.add(file);
      const text = readFileSync(file, 'utf8');
      // rolldown heads each module it joins with a comment naming its file.
      modules.push(...[...text.matchAll(/^\/\/ (\S+\.m?js)$/gm)].map((m) => m[1]!));
      for (const m of text.matchAll(STATIC_REQUIRE)) {
        const target = m[1]!;
        if (target.startsWith('.')) visit(path.resolve(path.dirname(file), target));
      }
    };
    visit(ENTRY);
    expect(modules).toContain('dist/cli/main.js');
    expect(modules).toContain('dist/cli/version.js');
    // engine/run-stats.js is main.ts's own import (GROUPCTL_STATS_FILE), not the engine's index.
    expect(modules.filter((m) => /node_modules|dist\/(config|state|api|plan|engine|emulator)\//.test(m) && m !== 'dist/engine/run-stats.js')).toEqual([]);
  });

  it('imports no npm package statically: the ones it imports are inside it, the rest are required at run time', () => {
    const bare = chunks.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(STATIC_REQUIRE)].map((m) => m[1]!).filter((t) => !t.startsWith('.') && !BUILTINS.has(t)),
    );
    expect(bare).toEqual([]);
  });

  it('finds every file it names relative to itself (package.json, the schemas)', () => {
    const named = chunks.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/new URL\("(\.[^"]+)", require\("url"\)\.pathToFileURL\(__filename\)/g)].map((m) => path.resolve(path.dirname(file), m[1]!)),
    );
    expect(named.map((f) => path.relative(ROOT, f))).toEqual(expect.arrayContaining(['package.json', 'schemas/groupctl.schema.json', 'schemas/plan.schema.json']));
    expect(named.filter((f) => !existsSync(f)).map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  it('has the built validators beside the chunks that load them, so no run compiles a schema with ajv', () => {
    const wanted = chunks.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/"([\w-]+\.validate\.cjs)"/g)].map((m) => path.join(path.dirname(file), m[1]!)),
    );
    expect(wanted.map((f) => path.basename(f)).sort()).toEqual(['groupctl-schema.validate.cjs', 'plan-schema.validate.cjs']);
    expect(wanted.filter((f) => !existsSync(f))).toEqual([]);
  });
});

/**
 * The CLI ships as a bundle (src/cli/bundle.mjs, issue 23): dist/cli/main.cjs, the bin, is the
 * launcher (cli/launch.ts), and rolldown's CommonJS entry and chunks are in dist/bin/, each with the V8
 * code cache the build made for it (test/package/code-cache.test.ts). Every CLI test runs it;
 * these check what a run may not reach: a file the bundle names beside itself that is not there
 * (a schema, a built validator, package.json) would make the CLI fall back or fail only where
 * it is used.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, cleanEnv, tempDir } from '../helpers/cli.js';

const LAUNCHER = path.join(ROOT, 'dist/cli/main.cjs');
const BIN = path.join(ROOT, 'dist/bin');
const ENTRY = path.join(BIN, 'main.cjs');
const chunks = readdirSync(BIN).filter((f) => f.endsWith('.cjs') && !f.endsWith('.validate.cjs')).map((f) => path.join(BIN, f));
// rolldown's CommonJS puts a chunk's static imports at the top level (column 0); the lazy ones are `.then(() => require(...))` inside code.
const STATIC_REQUIRE = /^(?:const|let|var) \w+ = require\("([^"]+)"\)/gm;
const BUILTINS = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

describe('the CLI bundle', () => {
  it('is what the bin launches: the launcher holds only the version and the code cache, the entry requires only its chunks and node built-ins', () => {
    const launcher = readFileSync(LAUNCHER, 'utf8');
    expect(launcher.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect((JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin).toEqual({ groupctl: 'dist/cli/main.cjs' });
    expect([...launcher.matchAll(/^\/\/ (dist\/\S+\.m?js)$/gm)].map((m) => m[1]).sort()).toEqual(['dist/cli/code-cache.js', 'dist/cli/launch.js', 'dist/cli/version.js']);
    expect([...launcher.matchAll(STATIC_REQUIRE)].map((m) => m[1]!).filter((t) => !BUILTINS.has(t))).toEqual([]);
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

  it('starts a validate with no ES module loader, no node:crypto and stdin unopened: node loads none until a command needs it', () => {
    const dir = tempDir();
    try {
      // A CommonJS preload, so the probe itself starts no ES module loader.
      const probe = path.join(dir, 'probe.cjs');
      writeFileSync(probe, "process.on('exit', () => require('node:fs').writeFileSync(process.env.PROBE_OUT, process.moduleLoadList.join('\\n')));\n");
      const out = path.join(dir, 'modules.txt');
      const run = spawnSync(process.execPath, ['-r', probe, CLI, 'validate', path.join(ROOT, 'examples/small-team')], { cwd: dir, env: cleanEnv({ PROBE_OUT: out }), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expect(run.stdout).toContain('Configuration is valid');
      const loaded = readFileSync(out, 'utf8').split('\n');
      expect(loaded).toContain('NativeModule fs'); // the probe saw node's list
      // stdin is /dev/null here: node reads it through fs streams once process.stdin is touched.
      const unwanted = ['NativeModule crypto', 'NativeModule internal/modules/esm/module_job', 'NativeModule internal/fs/streams'];
      expect(loaded.filter((m) => unwanted.includes(m))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Runs the CLI bundle with V8's code cache (issue 23, start-up), for cli/launch.ts. Most of a
 * short command's time after bundling was V8 compiling our code and js-yaml for the first
 * time; node 20 caches no compile of an ES module (that is node 22's `module.enableCompileCache`),
 * but `vm.Script` takes V8's `cachedData` for a CommonJS script. So rolldown writes the bundle as
 * CommonJS, and the build (src/cli/bundle.mjs) runs a few commands once with CACHE_WRITE set and
 * keeps, beside each chunk of dist/bin/, the code V8 made for it; a run compiles each from it.
 *
 * Safe by construction: every file of dist/bin/ is written by the same build as its cache (the
 * chunks' names also carry a hash of their content, rolldown's `[hash]`; the two validators are
 * copied there by that build), so a cache never meets another text; V8 itself
 * rejects a cache of another V8 version or flag set (`cachedDataRejected`), and the chunk is
 * then compiled as usual. Only dist/bin/ is read this way: node_modules go through node's own
 * loader. Importing this file runs nothing. Measured: test/bench/RESULTS.md, "A code cache".
 */
import { readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

/** Set on globalThis by the build's cache-writing runs; never by a user. */
export const CACHE_WRITE = Symbol.for('groupctl.codeCache.write');
/** Beside each chunk of dist/bin/: V8's code for it. */
export const CACHE_SUFFIX = '.v8cache';
/** rolldown's entry chunk: compiled before main sets V8's `--liftoff-only`, so no cache made after would fit it. */
export const ENTRY_CHUNK = 'main.cjs';

interface Compilable {
  exports: unknown;
  _compile(content: string, filename: string): unknown;
}

/** Installs the cached compile for dist/bin/ and requires the bundle's entry, which runs the command. */
export function runBundle(): void {
  const bin = fileURLToPath(new URL('../bin/', import.meta.url));
  const proto = (Module as unknown as { prototype: Compilable }).prototype;
  const compile = proto._compile;
  const writing = (globalThis as Record<symbol, unknown>)[CACHE_WRITE] === true;
  const made: [string, vm.Script][] = [];
  proto._compile = function (this: Compilable, content: string, filename: string): unknown {
    // A dynamic import() inside a vm.Script needs a loader of its own: such a chunk is left to node.
    if (!filename.startsWith(bin) || path.basename(filename) === ENTRY_CHUNK || content.includes('import(')) return compile.call(this, content, filename);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(filename + CACHE_SUFFIX);
    } catch {
      if (!writing) return compile.call(this, content, filename);
    }
    const script = new vm.Script(Module.wrap(content), { filename, ...(cachedData ? { cachedData } : {}) });
    if (writing) made.push([filename, script]);
    const wrapper = script.runInThisContext() as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, createRequire(filename), this, filename, path.dirname(filename));
  };
  if (writing) process.on('exit', () => made.forEach(([file, script]) => writeFileSync(file + CACHE_SUFFIX, script.createCachedData())));
  createRequire(import.meta.url)(`../bin/${ENTRY_CHUNK}`);
}

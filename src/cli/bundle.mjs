// Build step (npm run build, after tsc and the schema compiles): the CLI as a bundle (issue 23,
// start-up). node 20's ESM loader resolves, reads and compiles each module of dist/ on its own,
// about 1 ms a file for the ~150 a plan loads; rolldown joins them into one chunk per dynamic
// import, so a command still loads only what it uses (test/cli/start-up-imports.test.ts holds
// that for the sources). The chunks are CommonJS so that cli/launch.ts, the entry, can compile
// them from V8's code cache, which this step writes beside them by running a few commands once.
// Measured on the 2-core benchmark machine: a no-change `plan --sandbox` 206 -> 159 ms and
// `validate` 84 -> 72 ms for the bundle (fastest of 20, the builds interleaved; CHANGELOG.md),
// and the cache on top of it: test/bench/RESULTS.md, "A code cache".
//
// dist/cli/main.cjs, the bin, is launch.ts's bundle (dist/cli/main.js its ES module build, for
// scripts that name that file); rolldown's entry is dist/bin/main.cjs and its chunks
// are beside it, at the same depth as dist/cli/, so each `new URL('../../…', import.meta.url)` of
// the sources (package.json, schemas/) names the same file from there, and the standalone
// validators are copied beside them. The library (dist/index.js) is tsc's output,
// unbundled. npm packages the CLI requires at run time (undici, ajv's runtime, agora-token,
// yaml) are left to node; what it imports (js-yaml, p-limit) is bundled.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
// The validators the schema compiles wrote, by the names the sources load them by.
const { STANDALONE_FILE } = await import('../../dist/config/schema.js');
const { PLAN_STANDALONE_FILE } = await import('../../dist/plan/plan-schema.js');
const { CACHE_SUFFIX, CACHE_WRITE, ENTRY_CHUNK } = await import('../../dist/cli/code-cache.js');
const CACHE_KEY = CACHE_WRITE.description;
const LAUNCHER = 'cli/main.cjs';
const BESIDE = [`config/${STANDALONE_FILE}`, `plan/${PLAN_STANDALONE_FILE}`];
const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/**
 * What both bundles share: node built-ins left to node, and any warning (an unresolved import,
 * an eval, a circular chunk) fails the build: a bundle that differs from the sources must not
 * be shipped quietly.
 */
function strictly(what) {
  return {
    platform: 'node',
    logLevel: 'warn',
    onLog(level, log) {
      throw new Error(`bundling ${what}: ${log.message}`);
    },
  };
}

const bundle = await rolldown({
  input: `${DIST}cli/main.js`,
  external: (id) => builtins.has(id) || id.endsWith('.cjs'),
  ...strictly('the CLI'),
});
await bundle.write({
  dir: DIST,
  format: 'cjs',
  entryFileNames: `bin/${ENTRY_CHUNK}`,
  chunkFileNames: 'bin/[name]-[hash].cjs',
});
await bundle.close();
for (const file of BESIDE) copyFileSync(`${DIST}${file}`, `${DIST}bin/${path.basename(file)}`);
await writeLauncher();
// The same launcher as an ES module, at the path the bin had before, for scripts that name it.
copyFileSync(`${DIST}cli/launch.js`, `${DIST}cli/main.js`);
chmodSync(`${DIST}cli/main.js`, 0o755);
writeCodeCache();

/**
 * dist/cli/main.cjs, the bin: launch.ts with code-cache.ts and version.ts in one CommonJS file
 * (an ES module entry would start node's ES module loader), in dist/cli/ so that their
 * `new URL('../…', import.meta.url)` name the same files as the sources do.
 */
async function writeLauncher() {
  const launcher = await rolldown({ input: `${DIST}cli/launch.js`, external: (id) => builtins.has(id), ...strictly('the launcher') });
  await launcher.write({ file: `${DIST}${LAUNCHER}`, format: 'cjs' }); // rolldown keeps launch.ts's #! line
  await launcher.close();
  chmodSync(`${DIST}${LAUNCHER}`, 0o755);
}

/**
 * V8's code for each chunk, made by running what a short command runs (a sandbox apply,
 * validate and a no-change plan of the small example; `--version` loads no chunk) with
 * code-cache.ts's CACHE_WRITE set: each run writes, at exit, the cache of the chunks it
 * compiled, so the last one (the widest) has the final word on the chunks they share.
 */
function writeCodeCache() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'groupctl-code-cache-'));
  try {
    cpSync(fileURLToPath(new URL('../../examples/small-team', import.meta.url)), path.join(dir, 'small-team'), { recursive: true });
    const flag = `data:text/javascript,globalThis[Symbol.for(${JSON.stringify(CACHE_KEY)})]=true`;
    const runs = [
      ['apply', '--sandbox', '--sandbox-users', 'alice,bob,carol,dave,erin', '--auto-approve', 'small-team'],
      ['validate', 'small-team'],
      ['plan', '--sandbox', '--detailed-exitcode', 'small-team'],
    ];
    for (const args of runs) execFileSync(process.execPath, ['--import', flag, `${DIST}${LAUNCHER}`, ...args], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env.PATH ?? '' } });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (!readdirSync(`${DIST}bin`).some((file) => file.endsWith(CACHE_SUFFIX))) throw new Error('bundling the CLI: no code cache was written');
}

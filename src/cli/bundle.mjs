// Build step (npm run build, after tsc and the schema compiles): the CLI as a bundle (issue 23,
// start-up). node 20's ESM loader resolves, reads and compiles each module of dist/ on its own,
// about 1 ms a file for the ~150 a plan loads; rolldown joins them into one chunk per dynamic
// import, so a command still loads only what it uses (test/cli/start-up-imports.test.ts holds
// that for the sources). Measured on the 2-core benchmark machine: a no-change `plan --sandbox`
// 206 -> 159 ms, `validate` 84 -> 72 ms (test/bench/RESULTS.md, "Start-up: what was cut").
//
// The entry replaces tsc's dist/cli/main.js, so the bin, action.yml and every test run the
// bundle; its chunks go to dist/bin/, at the same depth, so each `new URL('../../…',
// import.meta.url)` of the sources (package.json, schemas/) names the same file from there, and
// the standalone validators are copied beside them. The library (dist/index.js) is tsc's output,
// unbundled. npm packages the CLI requires at run time (undici, ajv's runtime, agora-token,
// yaml) are left to node; what it imports (js-yaml, p-limit) is bundled.
import { chmodSync, copyFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const BESIDE = ['config/groupctl-schema.validate.cjs', 'plan/plan-schema.validate.cjs'];
const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

const bundle = await rolldown({
  input: `${DIST}cli/main.js`,
  platform: 'node',
  external: (id) => builtins.has(id) || id.endsWith('.cjs'),
  logLevel: 'warn',
  onLog(level, log) {
    // Any warning (an unresolved import, an eval, a circular chunk) fails the build: a bundle
    // that differs from the sources must not be shipped quietly.
    throw new Error(`bundling the CLI: ${log.message}`);
  },
});
await bundle.write({
  dir: DIST,
  format: 'esm',
  entryFileNames: 'cli/main.js',
  chunkFileNames: 'bin/[name]-[hash].js',
});
await bundle.close();
for (const file of BESIDE) copyFileSync(`${DIST}${file}`, `${DIST}bin/${file.slice(file.indexOf('/') + 1)}`);
chmodSync(`${DIST}cli/main.js`, 0o755);

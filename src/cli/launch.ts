#!/usr/bin/env node
/**
 * The CLI's process entry as shipped: src/cli/bundle.mjs bundles this file as CommonJS into
 * dist/cli/main.cjs, the package's bin, beside rolldown's CommonJS bundle of cli/main.ts in
 * dist/bin/, which cli/code-cache.ts runs from V8's code cache (issue 23, start-up). CommonJS
 * because an ES module entry starts node's ES module loader, 3-5 ms that a short command
 * otherwise never pays. `--version` is answered first, as cli/main.ts answers it, so it
 * loads neither.
 */
import { runBundle } from './code-cache.js';
import { asksVersion, nodeTooOld, version } from './version.js';

// Said before anything that needs a newer node (process.getBuiltinModule is 20.16+) fails obscurely.
const tooOld = nodeTooOld(process.versions.node);
if (asksVersion(process.argv.slice(2))) process.stdout.write(`groupctl ${version()}\n`);
else if (tooOld !== undefined) {
  process.stderr.write(`Error: ${tooOld}\n`);
  process.exitCode = 1;
} else runBundle();

#!/usr/bin/env node
/**
 * The CLI's process entry as shipped: src/cli/bundle.mjs copies this file's build to
 * dist/cli/main.js, beside rolldown's CommonJS bundle of cli/main.ts in dist/bin/, which
 * cli/code-cache.ts runs from V8's code cache (issue 23, start-up). `--version` is answered
 * first, as cli/main.ts answers it, so it loads neither.
 */
import { asksVersion, version } from './version.js';

if (asksVersion(process.argv.slice(2))) process.stdout.write(`groupctl ${version()}\n`);
else (await import('./code-cache.js')).runBundle();

import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    // Most files wait on HTTP, child processes and git rather than on CPU, so two workers
    // on a 2-core machine halve the run (vitest's default there is one: cores - 1).
    // Measured 2026-12-07 on this machine: 472 s with one worker, 273 s with two.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});

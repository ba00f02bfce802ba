import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';

/** Write files (path -> content) under a fresh temp folder, removed after the test. */
export function useTree(): (files: Record<string, string>) => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (files) => {
    const root = mkdtempSync(join(tmpdir(), 'groupctl-config-'));
    made.push(root);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    return root;
  };
}

/** The formatted issue lines of loading `paths` in `cwd`; fails the test when it loads. */
export async function issueLines(paths: string[], cwd: string): Promise<string[]> {
  try {
    await loadConfig(paths, { cwd });
  } catch (error) {
    if (error instanceof ConfigError) return error.lines();
    throw error;
  }
  throw new Error('expected the config to be rejected, but it loaded');
}

/** YAML text from lines, so positions in tests are easy to read. */
export function yaml(...lines: string[]): string {
  return lines.join('\n') + '\n';
}

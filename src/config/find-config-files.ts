/**
 * PATH arguments to config files: a file is taken as given; a folder means every *.yaml
 * and *.yml below it, recursively, in sorted order. Hidden entries (`.git`, `.github`)
 * are skipped: their YAML is never groupctl config.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { append } from '../util/append.js';
import type { ConfigIssue } from './config-error.js';

/** The config files a set of PATHs names, and what was wrong with the PATHs themselves. */
export interface FoundFiles {
  /** Absolute paths, each once, folders expanded in sorted order. */
  files: string[];
  issues: ConfigIssue[];
}

const YAML_FILE = /\.ya?ml$/i;

/** Every config file the PATHs name, each once: a file as given, a folder walked in sorted order. */
export function findConfigFiles(paths: readonly string[], cwd: string, display: (absolute: string) => string): FoundFiles {
  const files: string[] = [];
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  const add = (file: string): void => {
    const real = realpathSync(file);
    if (seen.has(real)) return;
    seen.add(real);
    files.push(file);
  };
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    const problem = (message: string): void => {
      issues.push({ file: display(absolute), line: 0, col: 0, field: 'path', message });
    };
    let stats;
    try {
      stats = statSync(absolute);
    } catch (error) {
      problem((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read: ${(error as Error).message}`);
      continue;
    }
    if (stats.isFile()) {
      add(absolute);
      continue;
    }
    if (!stats.isDirectory()) {
      problem('is neither a file nor a folder');
      continue;
    }
    const below = listYamlFiles(absolute, new Set([realpathSync(absolute)]));
    if (below.length === 0) problem('is a folder without any *.yaml or *.yml file');
    below.forEach(add);
  }
  return { files, issues };
}

/** Sorted by name at each level, so `a/z.yaml` comes before `b.yaml` and order is stable. */
function listYamlFiles(folder: string, visited: Set<string>): string[] {
  const found: string[] = [];
  const names = readdirSync(folder).filter((name) => !name.startsWith('.')).sort();
  for (const name of names) {
    const path = join(folder, name);
    let stats;
    try {
      stats = statSync(path);
    } catch {
      continue; // a dangling symlink is not config
    }
    if (stats.isDirectory()) {
      const real = realpathSync(path);
      if (visited.has(real)) continue; // a symlink loop
      visited.add(real);
      append(found, listYamlFiles(path, visited));
    } else if (stats.isFile() && YAML_FILE.test(name)) {
      found.push(path);
    }
  }
  return found;
}

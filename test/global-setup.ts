/**
 * One temporary root for the whole run: tests make their folders below it (tmpdir()
 * resolves to it through TMPDIR in the workers), and it is removed at the end.
 *
 * And a guard: tests run in temporary folders only, so the checkout must be exactly as it
 * was after the run, ignored files (dist/, .groupctl/) included. Every file's size and
 * mtime is listed before and compared after; a difference fails the run and names the files.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { looksLikePlan, planSchemaProblems } from './helpers/plan-schema-check.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Not the project's files: installed packages and git's own. */
const SKIPPED = new Set(['node_modules', '.git']);

export default function setup(): () => void {
  const root = mkdtempSync(path.join(tmpdir(), 'groupctl-tests-'));
  process.env.TMPDIR = root;
  const before = listCheckout();
  return () => {
    const invalid = checkSavedPlans(root);
    rmSync(root, { recursive: true, force: true });
    if (invalid.length > 0) {
      process.exitCode = 1;
      throw new Error(`plans the tests saved do not match schemas/plan.schema.json:\n${invalid.slice(0, 10).join('\n')}`);
    }
    const changed = compare(before, listCheckout());
    if (changed.length > 0) {
      // vitest reports an error thrown here but still exits 0: set the exit code as well.
      process.exitCode = 1;
      throw new Error(
        `the tests wrote into the checkout (${ROOT}); tests must run in temporary folders:\n` +
          changed.slice(0, 20).map((c) => `  ${c}`).join('\n'),
      );
    }
  };
}

/** Largest file read as a possible plan; the tests' plans are far smaller. */
const MAX_PLAN_BYTES = 20 * 1024 * 1024;

/**
 * Every plan a test had the CLI save (`plan --out`, `--format json > file`) matches the
 * published schema. A plan a test spoiled on purpose (to see apply refuse it) is named
 * `*.spoiled.json` and skipped.
 */
function checkSavedPlans(root: string): string[] {
  const invalid: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json') && !entry.name.endsWith('.spoiled.json') && statSync(full).size <= MAX_PLAN_BYTES) {
        let value: unknown;
        try {
          value = JSON.parse(readFileSync(full, 'utf8'));
        } catch {
          continue;
        }
        if (!looksLikePlan(value)) continue;
        const problems = planSchemaProblems(value);
        if (problems.length > 0) invalid.push(`  ${path.relative(root, full)}: ${problems.slice(0, 3).join('; ')}`);
      }
    }
  };
  walk(root);
  return invalid;
}

function listCheckout(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (SKIPPED.has(entry.name) && dir === ROOT.replace(/\/$/, '')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const stat = statSync(full, { throwIfNoEntry: false });
        if (stat) files.set(path.relative(ROOT, full), `${stat.size} ${stat.mtimeMs}`);
      }
    }
  };
  walk(ROOT.replace(/\/$/, ''));
  return files;
}

function compare(before: Map<string, string>, after: Map<string, string>): string[] {
  const changes: string[] = [];
  for (const [file, sig] of after) {
    if (!before.has(file)) changes.push(`added ${file}`);
    else if (before.get(file) !== sig) changes.push(`changed ${file}`);
  }
  for (const file of before.keys()) if (!after.has(file)) changes.push(`removed ${file}`);
  return changes.sort();
}

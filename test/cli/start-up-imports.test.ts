/**
 * Start-up (issue 23): what `--version` and `--help` load is the static import closure of
 * src/cli/main.ts (commands come by dynamic import). None of the heavy packages may be in it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const STATIC_IMPORT = /^import\s+(?!type\b)[^'"]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm;

function staticClosure(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      const target = match[1] ?? match[2]!;
      if (target.startsWith('.')) visit(path.resolve(path.dirname(file), target.replace(/\.js$/, '.ts')));
      else if (!target.startsWith('node:')) packages.add(target);
    }
  };
  visit(entry);
  return { files, packages };
}

// main.ts answers --version alone; run.ts (the dispatcher, and --help) is what every other word loads first.
describe.each(['cli/main.ts', 'cli/run.ts'])('start-up of the CLI through %s', (entry) => {
  const closure = staticClosure(path.join(SRC, entry));

  it('loads no npm package before a command is chosen', () => {
    expect([...closure.packages]).toEqual([]);
  });

  it('loads no config reader, client or command module before a command is chosen', () => {
    const loaded = [...closure.files].map((f) => path.relative(SRC, f));
    expect(loaded.filter((f) => /^(config\/(index|load-config|schema)|plan\/(index|plan-schema|decode-plan)|api\/(transport|client)|cli\/commands\/)/.test(f))).toEqual([]);
    expect(loaded).toContain('cli/version.ts');
    expect(loaded).toContain(entry);
  });
});

// validate reads config and state, never the network: it must not load the client or the planner.
describe('start-up of validate', () => {
  const loaded = [...staticClosure(path.join(SRC, 'cli/commands/validate.ts')).files].map((f) => path.relative(SRC, f));

  it('loads none of api/ (but the redaction every output goes through), engine/ (but its user error), the emulator, or the planner beyond its offline checks', () => {
    expect(loaded.filter((f) => /^(api|emulator|apply|live|render)\//.test(f) && f !== 'api/redact.ts')).toEqual([]);
    expect(loaded.filter((f) => f.startsWith('engine/') && f !== 'engine/user-error.ts')).toEqual([]);
    expect(loaded.filter((f) => f.startsWith('plan/') && !/^plan\/(check-offline|plan-errors|resolve-keys|targets|types|sets|step-details)\.ts$/.test(f))).toEqual([]);
    expect(loaded).toContain('plan/check-offline.ts');
  });
});

/**
 * Start-up (issue 23): what `--version` and `--help` load is the static import closure of
 * src/cli/main.ts (commands come by dynamic import). None of the heavy packages may be in it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
// `import ... from`, a bare `import '...'`, and the re-exports index files are made of (`export { x } from`), never `import type`/`export type`.
const STATIC_IMPORT = /^(?:import|export)\s+(?!type\b)[^'";]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm;

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

// launch.ts (the shipped entry) and main.ts answer --version alone; run.ts (the dispatcher, and --help) is what every other word loads first.
describe.each(['cli/launch.ts', 'cli/main.ts', 'cli/run.ts'])('start-up of the CLI through %s', (entry) => {
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

// plan loads the planner, the reader and the client, but not the apply engine (apply/apply-later.ts
// loads apply-plan.ts on the first applyPlan) nor, statically, the emulator (engine/session.ts imports it
// only for --sandbox). The emulator's own start leaves agora-token unloaded until an Agora token arrives.
describe('start-up of plan', () => {
  const closure = staticClosure(path.join(SRC, 'cli/commands/plan.ts'));
  const loaded = [...closure.files].map((f) => path.relative(SRC, f));

  it('loads no apply engine (only the guards, saved-plan checks and step labels apply/index offers), and no emulator but its option tables', () => {
    expect(loaded).toContain('apply/index.ts');
    expect(loaded.filter((f) => f.startsWith('apply/') && !/^apply\/(index|apply-later|count-results|check-saved-plan|guards|intents|describe-error|step-label|types|chosen-ids)\.ts$/.test(f))).toEqual([]);
    expect(loaded.filter((f) => f.startsWith('emulator/') && f !== 'emulator/options.ts' && f !== 'emulator/dialects.ts')).toEqual([]);
  });

  it('the emulator loads agora-token only when it checks an Agora token', () => {
    const emulator = staticClosure(path.join(SRC, 'emulator/index.ts'));
    expect([...emulator.packages]).toEqual([]);
    expect(readFileSync(path.join(SRC, 'emulator/agora-tokens.ts'), 'utf8')).not.toMatch(/^const .*= require\(/m);
  });
});

/**
 * The workflow suite's shared parts (issue 9): a folder with config, the CLI as a child
 * process against an in-process emulator, and the two checks every workflow ends with —
 * no two live groups with the same owner and name, and a clean `plan --detailed-exitcode`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { GroupStore } from '../../src/emulator/store.js';
import { runInProcess } from '../cli/in-process.js';
import { tempDir } from '../helpers/cli.js';

/** What a CLI run gives back (the in-process runner's exit code is a number for these commands). */
export interface CliResult {
  code: number | 'running';
  stdout: string;
  stderr: string;
}

/** Every owner/name pair held by more than one live group on the emulator, with their ids. */
export function duplicateGroups(store: GroupStore): string[] {
  const byIdentity = new Map<string, string[]>();
  let cursor: string | undefined;
  do {
    const page = store.listGroups(1000, cursor);
    for (const g of page.groups) {
      const identity = `${g.owner}/${g.groupname}`;
      byIdentity.set(identity, [...(byIdentity.get(identity) ?? []), g.id]);
    }
    cursor = page.cursor;
  } while (cursor !== undefined);
  return [...byIdentity].filter(([, ids]) => ids.length > 1).map(([identity, ids]) => `${identity}: ${ids.join(', ')}`);
}

export interface Workflow {
  emulator: RunningEmulator;
  dir: string;
  env: Record<string, string>;
  /**
   * Runs `groupctl ARGS` in the workflow's folder against its emulator: the CLI's own
   * dispatch in this process (no process start per call), talking HTTP to the emulator.
   */
  cli(...args: string[]): Promise<CliResult>;
  /** Writes a file below the folder. */
  write(file: string, text: string): void;
  /** The bindings of the state file (groups/groupctl.state.json unless told). */
  bindings(stateFile?: string): Record<string, { id: string }>;
  close(): Promise<void>;
}

export interface WorkflowOptions {
  /** Live groups the emulator starts with (its seed format). */
  groups?: unknown[];
  latencyMs?: number;
}

export async function startWorkflow(files: Record<string, string>, users: string[], options: WorkflowOptions = {}): Promise<Workflow> {
  const emulator = await startEmulator({
    quiet: true,
    seed: { users, groups: (options.groups ?? []) as never[] },
    ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
  });
  const dir = tempDir(files);
  const env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' };
  return {
    emulator,
    dir,
    env,
    cli: (...args) => runInProcess(args, { cwd: dir, env }),
    write: (file, text) => {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    },
    bindings: (stateFile = 'groups/groupctl.state.json') => {
      const file = path.join(dir, stateFile);
      return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { bindings: Record<string, { id: string }> }).bindings : {};
    },
    close: () => emulator.close(),
  };
}

/** Every workflow ends here: no duplicate group on the emulator, and nothing left to do. */
export async function expectSettled(w: Pick<Workflow, 'emulator' | 'cli'>, ...planArgs: string[]): Promise<void> {
  expect(duplicateGroups(w.emulator.store)).toEqual([]);
  const plan = await w.cli('plan', '--detailed-exitcode', ...planArgs);
  expect(plan.stderr).toBe('');
  expect(plan.code, plan.stdout).toBe(0);
}

/** The plan as JSON (exit 0 or 2 expected). */
export async function planJson(w: Pick<Workflow, 'cli'>, ...args: string[]): Promise<{ code: number | 'running'; plan: Record<string, unknown> & { steps: Array<{ group: string; action: string; details: Record<string, unknown> }> } }> {
  const result = await w.cli('plan', '--format', 'json', '--detailed-exitcode', ...args);
  return { code: result.code, plan: JSON.parse(result.stdout) };
}

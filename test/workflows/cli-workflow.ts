/**
 * The saved-plan and no-state workflows' pieces (issue 9): each file walks one everyday path of a
 * git-ops team through the CLI against the emulator, and ends with no duplicate group and
 * a clean `plan --detailed-exitcode`.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli, tempDir, type CliResult } from '../helpers/cli.js';

export const TOKEN = 'emulator-token';

/** An emulator with these users, and a folder to run the CLI in. */
export async function startWorkflow(users: string[]): Promise<Workflow> {
  const emulator = await startEmulator({ quiet: true, seed: { users, groups: [] } });
  return new Workflow(emulator, tempDir());
}

export class Workflow {
  readonly env: Record<string, string>;
  constructor(
    readonly emulator: RunningEmulator,
    readonly dir: string,
  ) {
    this.env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: TOKEN };
  }

  /** Runs `groupctl ARGS` in the workflow's folder. */
  cli(...args: string[]): Promise<CliResult> {
    return runCli(args, { cwd: this.dir, env: this.env });
  }

  /** Writes a file below the workflow's folder. */
  write(name: string, content: string): void {
    const file = path.join(this.dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }

  /** `groupctl ARGS` must succeed. */
  async ok(...args: string[]): Promise<CliResult> {
    const result = await this.cli(...args);
    expect(result.code, `groupctl ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
    return result;
  }

  /** The end of every workflow: no duplicate group live, and nothing left to do. */
  async expectSettled(...paths: string[]): Promise<void> {
    expect(await countDuplicates(this.emulator)).toEqual({ duplicates: 0, groups: expect.any(Number) });
    const plan = await this.cli('plan', ...paths, '--detailed-exitcode');
    expect(plan.code, `${plan.stdout}\n${plan.stderr}`).toBe(0);
  }

  close(): Promise<void> {
    return this.emulator.close();
  }
}

/**
 * Live groups that share an owner and a name with another (each extra one counts once),
 * read through the service's own list call (`GET /chatgroups`), as a user would check.
 */
export async function countDuplicates(emulator: RunningEmulator): Promise<{ duplicates: number; groups: number }> {
  const seen = new Map<string, number>();
  let cursor: string | undefined;
  for (;;) {
    const query = new URLSearchParams({ limit: '1000', ...(cursor ? { cursor } : {}) });
    const response = await fetch(`${emulator.baseUrls.easemob}/chatgroups?${query}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: Array<{ owner: string; groupname: string }>; cursor?: string };
    for (const row of body.data) {
      const owner = row.owner.slice(row.owner.indexOf('_') + 1);
      const key = `${owner}\u0000${row.groupname}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    if (!body.cursor || body.data.length === 0) break;
    cursor = body.cursor;
  }
  let duplicates = 0;
  let groups = 0;
  for (const n of seen.values()) {
    duplicates += n - 1;
    groups += n;
  }
  return { duplicates, groups };
}

/** The bindings of a state file, key -> id. */
export function bindingsIn(text: string): Record<string, string> {
  const state = JSON.parse(text) as { bindings: Record<string, { id: string }> };
  return Object.fromEntries(Object.entries(state.bindings).map(([k, b]) => [k, b.id]));
}

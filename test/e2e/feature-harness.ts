/**
 * The harness the per-feature end-to-end files share (mute_all, announcement, allow_list,
 * block_list): one emulator seeded for the file, a fresh config folder per test, the CLI
 * run in-process against the emulator over HTTP, and the plan read as JSON.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runInProcess } from '../cli/in-process.js';
import { tempDir } from '../helpers/cli.js';

/** A live group of alice's, private, with `members`. */
export const seedGroup = (id: string, name: string, members: string[], extra: Record<string, unknown> = {}) => ({
  id, groupname: name, owner: 'alice', admins: [], members, public: false, ...extra,
});

/** One group of alice's in config, bound by `id:`, with more YAML lines after. */
export const groupYaml = (key: string, id: string, name: string, more = '') => `groups:\n  ${key}:\n    id: "${id}"\n    name: ${name}\n    owner: alice\n${more}`;

export interface FeatureHarness {
  readonly emulator: RunningEmulator;
  /** The config folder of the running test. */
  readonly dir: string;
  /** The connection variables for the emulator. */
  readonly env: Record<string, string>;
  cli(...args: string[]): ReturnType<typeof runInProcess>;
  /** Writes the test's only config file, groups/org.yaml. */
  write(yaml: string): void;
  /** `plan --format json`, which must exit 0. */
  planJson<T>(): Promise<T>;
  /** A call to the emulator's REST API as the app's own servers would make it (a change by hand). */
  call(method: string, route: string, body?: unknown): Promise<Response>;
}

/** Registers the hooks in the calling `describe`: the emulator for all its tests, a folder and zeroed counters for each. */
export function useFeatureHarness(seed: { users: string[]; groups: object[] }): FeatureHarness {
  let emulator: RunningEmulator | undefined;
  let env: Record<string, string> = {};
  let dir = '';
  beforeAll(async () => {
    emulator = await startEmulator({ quiet: true, seed });
    env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' };
  });
  afterAll(() => emulator?.close());
  beforeEach(() => {
    dir = tempDir({ 'groups/org.yaml': 'groups: {}\n' });
    emulator!.resetCounters();
  });
  const cli = (...args: string[]) => runInProcess(args, { cwd: dir, env });
  return {
    get emulator() {
      return emulator!;
    },
    get dir() {
      return dir;
    },
    get env() {
      return env;
    },
    cli,
    write: (yaml) => writeFileSync(path.join(dir, 'groups/org.yaml'), yaml),
    planJson: async <T>() => {
      const result = await cli('plan', '--format', 'json');
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout) as T;
    },
    call: (method, route, body) =>
      fetch(`${emulator!.baseUrls.easemob}${route}`, {
        method,
        headers: { authorization: 'Bearer emulator-token', 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
  };
}

/**
 * Export always round-trips (issue 21): a live group with an empty name (the console
 * allows it; the schema does not) is exported with its name not managed, so the export
 * validates and plans with no changes.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { tempDir } from '../helpers/cli.js';
import { runInProcess } from './in-process.js';

let emulator: RunningEmulator;
let env: Record<string, string>;

beforeAll(async () => {
  emulator = await startEmulator({
    quiet: true,
    seed: {
      users: ['alice', 'bob'],
      groups: [
        { id: '228000000000901', groupname: '', owner: 'alice', members: ['bob'], public: false },
        { id: '228000000000902', groupname: 'Named', owner: 'bob', public: false },
      ],
    },
  });
  env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' };
});
afterAll(() => emulator?.close());

it('a live group with an empty name exports to config that validates and plans no change', async () => {
  const dir = path.join(tempDir(), 'out');
  const exported = await runInProcess(['export', '--out', dir, '--members'], { env });
  expect(exported.code, exported.stderr).toBe(0);
  const yaml = readFileSync(path.join(dir, 'groups.yaml'), 'utf8');
  expect(yaml).not.toMatch(/name: ""|name: ''/);
  const validate = await runInProcess(['validate', dir], { env });
  expect(validate.code, validate.stdout + validate.stderr).toBe(0);
  const plan = await runInProcess(['plan', dir, '--detailed-exitcode'], { env });
  expect(plan.code, plan.stdout + plan.stderr).toBe(0);
});

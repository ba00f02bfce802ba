/**
 * The config-aware minimum of announcement reads (issue 24, "Done when"): the emulator
 * counts each call by its route, so these count requests to
 * GET /chatgroups/{id}/announcement, never time. A config that declares no announcement
 * reads none in plan, apply, or `apply --plan`'s fresh read; one that declares some reads
 * exactly the groups that declare one.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runInProcess } from '../cli/in-process.js';
import { tempDir } from '../helpers/cli.js';

const IDS = ['228000000002601', '228000000002602', '228000000002603', '228000000002604', '228000000002605'];

let emulator: RunningEmulator;
let env: Record<string, string>;
let dir: string;

beforeAll(async () => {
  const groups = IDS.map((id, i) => ({ id, groupname: `G${i}`, owner: 'alice', admins: [], members: ['bob'], public: false, announcement: `rules ${i}` }));
  emulator = await startEmulator({ quiet: true, seed: { users: ['alice', 'bob'], groups } });
  env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' };
});
afterAll(() => emulator?.close());
beforeEach(() => {
  dir = tempDir({});
  emulator.resetCounters();
});

/** Every seeded group bound by id:, a description to change on each, an announcement on the first `announced`. */
function writeConfig(announced: number): void {
  const lines = ['groups:'];
  IDS.forEach((id, i) => {
    lines.push(`  g${i}:`, `    id: "${id}"`, `    name: G${i}`, '    owner: alice', `    description: "changed ${announced}"`);
    if (i < announced) lines.push(`    announcement: "rules ${i}, kept"`);
  });
  writeFileSync(path.join(dir, 'groups.yaml'), `${lines.join('\n')}\n`);
}

async function cli(...args: string[]) {
  const run = await runInProcess([...args, 'groups.yaml', '--state', 'run.state.json'], { cwd: dir, env });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  return run;
}

const announcementReads = () => emulator.counters()['get-announcement'];

it('no announcement declared: plan, apply and apply --plan read no announcement', async () => {
  writeConfig(0);
  await cli('plan');
  expect(emulator.counters()['get-groups']).toBeGreaterThan(0);
  expect(announcementReads()).toBe(0);
  await cli('plan', '--out', 'plan.json');
  await cli('apply', '--plan', 'plan.json', '--auto-approve');
  expect(emulator.store.getGroup(IDS[0]!)?.description).toBe('changed 0');
  expect(announcementReads()).toBe(0);
  expect(emulator.store.getGroup(IDS[0]!)?.announcement).toBe('rules 0');
});

it('two of five declare one: plan reads exactly those two', async () => {
  writeConfig(2);
  const plan = await cli('plan', '--format', 'json');
  expect(announcementReads()).toBe(2);
  const steps = (JSON.parse(plan.stdout) as { steps: Array<{ group: string; action: string }> }).steps;
  expect(steps.filter((s) => s.action === 'set-announcement').map((s) => s.group)).toEqual(['g0', 'g1']);
});

/**
 * Issue 18's twins: several keys declare the same owner and name (one team's "Standup" in
 * three squads). apply is killed with SIGKILL while a create is in flight, at 20 points,
 * and run again each time: no group is made twice, no binding is lost or moved, and no run
 * ever stops to ask for a manual `import` (the journal knows exactly which twin it made).
 * Every finished run exits 0, and a generation adds more twins so later kills land on
 * creates too. The delays come from a seeded PRNG (GROUPCTL_FAULT_SEED replays them).
 */
import path from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { StateStore } from '../../src/state/index.js';
import { tempDir } from '../helpers/cli.js';
import { applyKilledAt, applyUntilConverged, FULL, type KillPoint } from './harness.js';
import { chooseSeed, seededRandom } from './prng.js';
import { CONFIG_DIR, emulatorEnv, liveGroups, STATE_FILE } from './scenario.js';

const SEED = chooseSeed();
const KILLS = FULL ? 40 : 20;
const OWNERS = ['ann', 'bob', 'cid'];
const LATENCY_MS = 30;

let emulator: RunningEmulator | undefined;
afterAll(async () => {
  await emulator?.close();
});

/** Generation g declares, for each owner, 2 + 2g keys that all name the group "Standup", and one single. */
function twinsConfig(generation: number): { yaml: string; keys: number } {
  const lines = ['groups:'];
  for (const owner of OWNERS) {
    for (let i = 0; i < 2 + 2 * generation; i++) lines.push(`  ${owner}-standup-${i}:`, `    name: Standup`, `    owner: ${owner}`);
    lines.push(`  ${owner}-single:`, `    name: Single of ${owner}`, `    owner: ${owner}`);
  }
  return { yaml: `${lines.join('\n')}\n`, keys: OWNERS.length * (3 + 2 * generation) };
}

function writeConfig(dir: string, generation: number): number {
  const { yaml, keys } = twinsConfig(generation);
  mkdirSync(path.join(dir, CONFIG_DIR), { recursive: true });
  writeFileSync(path.join(dir, CONFIG_DIR, 'groups.yaml'), yaml);
  return keys;
}

it(`kill -9 apply at ${KILLS} points while twins are created: no duplicate, no binding lost, no manual import (seed ${SEED})`, async () => {
  const random = seededRandom(SEED);
  emulator = await startEmulator({ quiet: true, latencyMs: LATENCY_MS, seed: { users: OWNERS, groups: [] } });
  const dir = tempDir();
  const env = emulatorEnv(emulator);
  let generation = 0;
  let keys = writeConfig(dir, generation);
  const bound = new Map<string, string>();
  const log: string[] = [];
  let kills = 0;
  let inFlight = 0;
  for (let round = 1; kills < KILLS; round++) {
    expect(round, `only ${kills} of ${round - 1} applies were killed:\n${log.join('\n')}`).toBeLessThanOrEqual(KILLS * 3);
    const point: KillPoint = { kind: 'create in flight', delay: Math.floor(random() * 600), extra: Math.floor(random() * 2 * LATENCY_MS) };
    const result = await applyKilledAt(dir, env, point);
    const state = await StateStore.open(path.join(dir, STATE_FILE), { lock: false });
    if (result.signal === 'SIGKILL') {
      kills++;
      if (state.intents().size > 0) inFlight++;
      log.push(`round ${round}: killed ${point.extra} ms after a create started, ${state.intents().size} unfinished creates`);
    } else {
      // Nothing but the kills goes wrong here: a run that ends must end well, with no import asked for.
      expect(result.code, `round ${round}, generation ${generation}:\n${result.stdout}\n${result.stderr}`).toBe(0);
      expect(`${result.stdout}${result.stderr}`).not.toContain('groupctl import');
      generation++;
      keys = writeConfig(dir, generation);
      log.push(`round ${round}: finished before the kill; on to generation ${generation}`);
    }
    expect(liveGroups(emulator).length, `more groups than keys after round ${round}:\n${log.join('\n')}`).toBeLessThanOrEqual(keys);
    for (const [key, binding] of state.bindings()) {
      expect(binding.id, `${key} after round ${round}`).toBe(bound.get(key) ?? binding.id);
      bound.set(key, binding.id);
    }
    for (const key of bound.keys()) expect(state.bindings().has(key), `${key} lost its binding in round ${round}`).toBe(true);
    const ids = [...state.bindings().values()].map((b) => b.id);
    expect(new Set(ids).size, `two keys share a group after round ${round}`).toBe(ids.length);
  }
  console.log(`twins kill loop (seed ${SEED}): ${kills} kills, ${inFlight} with unfinished creates\n${log.join('\n')}`);
  expect(inFlight, 'no kill caught a create in flight: the loop tested less than it claims').toBeGreaterThan(0);

  const runs = await applyUntilConverged(dir, emulator, { maxRuns: 1 });
  expect(runs.map((r) => r.stdout + r.stderr).join('')).not.toContain('groupctl import');
  const state = await StateStore.open(path.join(dir, STATE_FILE), { lock: false });
  expect(state.bindings().size).toBe(keys);
  expect(state.intents().size).toBe(0);
  expect(liveGroups(emulator).length).toBe(keys);
}, 600_000);

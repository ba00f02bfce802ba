/**
 * The fault tests are only as good as their generator and their checker: the generator
 * must write valid config with one (owner, name) per group, and the checker must fail
 * on each thing it claims to catch.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { applyUntilConverged, scenarioDir, startScenarioEmulator } from './harness.js';
import { CONFIG_DIR, expectConverged, makeScenario, type Scenario, STATE_FILE } from './scenario.js';

describe('the scenario generator', () => {
  it.each([0, 1, 2, 5])('writes valid config with one (owner, name) per named group in generation %i', async (generation) => {
    const scenario = makeScenario({ creates: 20, existing: 5, seed: 7, generation });
    const dir = scenarioDir(scenario);
    const desired = await loadConfig([path.join(dir, CONFIG_DIR)]);
    expect([...desired.groups.keys()].sort()).toEqual([...scenario.expected.keys()].sort());
    const named = [...scenario.expected.values()].filter((g) => g.name !== '');
    const identities = named.map((g) => `${g.owner} / ${g.name}`);
    expect(new Set(identities).size).toBe(identities.length);
    expect(named.length, 'a few groups leave the name out').toBeLessThan(scenario.expected.size);
    expect(scenario.groupCount).toBe(5 + 20 + generation * 4);
  });

  it('changes some groups and keeps the others from one generation to the next', () => {
    const before = makeScenario({ creates: 30, existing: 0, seed: 3, generation: 0 });
    const after = makeScenario({ creates: 30, existing: 0, seed: 3, generation: 1 });
    const changed = [...before.expected].filter(([key, g]) => JSON.stringify(after.expected.get(key)) !== JSON.stringify(g));
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length).toBeLessThan(30);
  });

  it('is the same for the same seed', () => {
    expect(makeScenario({ creates: 10, existing: 3, seed: 11 }).files).toEqual(makeScenario({ creates: 10, existing: 3, seed: 11 }).files);
  });
});

describe('expectConverged', () => {
  let emulator: RunningEmulator;
  let dir: string;
  let scenario: Scenario;
  afterEach(async () => {
    await emulator.close();
  });

  async function converged(): Promise<void> {
    scenario = makeScenario({ creates: 3, existing: 1, seed: 5 });
    emulator = await startScenarioEmulator(scenario);
    dir = scenarioDir(scenario);
    await applyUntilConverged(dir, emulator, { maxRuns: 1 });
    await expectConverged(emulator, dir, scenario);
  }

  it('fails when a group was created twice', async () => {
    await converged();
    const [, first] = [...scenario.expected].find(([key]) => key.startsWith('team-'))!;
    emulator.store.createGroup({ groupname: first.name, owner: first.owner, public: false });
    await expect(expectConverged(emulator, dir, scenario)).rejects.toThrow(/groups created twice/);
  });

  it('fails when a binding was lost', async () => {
    await converged();
    rmSync(path.join(dir, STATE_FILE));
    await expect(expectConverged(emulator, dir, scenario)).rejects.toThrow(/plan is not clean/);
  });

  it('fails when a create was left unfinished', async () => {
    await converged();
    const file = path.join(dir, STATE_FILE);
    writeFileSync(`${file}.journal`, `${JSON.stringify({ op: 'intent', intent: { key: 'team-999', owner: 'ops-bot', started: 1 } })}\n`);
    await expect(expectConverged(emulator, dir, scenario)).rejects.toThrow(/creates left unfinished/);
  });
});

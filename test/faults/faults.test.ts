/**
 * Issue 4, item 6: apply against the emulator with its faults on. Every scenario ends in
 * expectConverged: a clean plan, every key bound to its own group, no group created
 * twice. The full run (GROUPCTL_FAULT_SUITE=full) uses bigger configs and repeats each
 * scenario with other seeds; the seed of each run is in its name, to replay a failure
 * with GROUPCTL_FAULT_SEED.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { startCli } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorProcess } from './emulator-process.js';
import { applyArgs, applyUntilConverged, FULL, scenarioDir, SIZES, startScenarioEmulator } from './harness.js';
import { chooseSeed } from './prng.js';
import { emulatorEnv, expectConverged, makeScenario, STATE_FILE } from './scenario.js';

const BASE_SEED = chooseSeed();
const ROUNDS = Array.from({ length: SIZES.repeats }, (_, i) => BASE_SEED + i);
const TIMEOUT = 180_000;
/** The fast subset keeps one variant of each fault; the full run has them all. */
const STORMS: Array<[string, EmulatorOptions]> = [['', {}]];
if (FULL) STORMS.push([', with Retry-After: 1 on every 429', { retryAfterSeconds: 1 }]);
const RESTART_SIGNALS: NodeJS.Signals[] = FULL ? ['SIGKILL', 'SIGTERM'] : ['SIGKILL'];

function scenarioFor(seed: number) {
  return makeScenario({ creates: SIZES.creates, existing: SIZES.existing, seed });
}

describe('apply under faults', () => {
  let emulator: RunningEmulator | undefined;
  let processes: EmulatorProcess[] = [];
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
    for (const p of processes) await p.stop('SIGKILL');
    processes = [];
  });

  /** Applies the scenario of `seed` against an emulator with these faults, then checks it converged. */
  async function convergeUnder(seed: number, faults: EmulatorOptions, options: { maxRuns: number; extra?: string[] }) {
    const scenario = scenarioFor(seed);
    emulator = await startScenarioEmulator(scenario, faults);
    const dir = scenarioDir(scenario);
    const runs = await applyUntilConverged(dir, emulator, options);
    await expectConverged(emulator, dir, scenario);
    return { runs, counters: emulator.counters() };
  }

  it.each(ROUNDS)('converges with no faults at all, in one run (seed %i)', async (seed) => {
    await convergeUnder(seed, {}, { maxRuns: 1 });
  }, TIMEOUT);

  describe.each(ROUNDS)('seed %i', (seed) => {
    it.each(STORMS)('rides out a 429 storm: the server allows 10 requests a second, the client sends up to 100%s', async (_, faults) => {
      const { runs, counters } = await convergeUnder(seed, { rateLimit: 10, ...faults }, { maxRuns: 1 });
      expect(counters['status-429'], 'the storm happened').toBeGreaterThan(0);
      expect(runs).toHaveLength(1);
    }, TIMEOUT);

    it('converges in a few runs when 15% of requests fail with a 503 or a dropped connection', async () => {
      const { counters } = await convergeUnder(seed, { faultRate: 0.15 }, { maxRuns: 8 });
      expect(counters['status-5xx']! + counters['dropped']!, 'faults happened').toBeGreaterThan(0);
    }, TIMEOUT);

    it('converges in one run with 200 ms on every answer and 16 requests in flight', async () => {
      await convergeUnder(seed, { latencyMs: 200 }, { maxRuns: 1, extra: ['--concurrency', '16'] });
    }, TIMEOUT);

    it.each(RESTART_SIGNALS)('converges when the emulator is stopped by %s mid-apply and started again', async (signal) => {
      const scenario = scenarioFor(seed);
      const dir = scenarioDir(scenario);
      const dataFile = path.join(dir, 'emulator.json');
      const seedFile = path.join(dir, 'seed.json');
      writeFileSync(seedFile, JSON.stringify(scenario.seed));
      const latencyMs = 40;
      let server = await spawnEmulator({ dataFile, seedFile, latencyMs });
      processes.push(server);

      const apply = startCli(applyArgs(), { cwd: dir, env: emulatorEnv(server), timeoutMs: 120_000 });
      const third = Math.ceil(scenario.options.creates / 3);
      await waitFor(async () => ((await server.counters())['create-group'] ?? 0) >= third, 30_000);
      expect(apply.child.exitCode, 'apply still running when the emulator stops').toBeNull();
      await server.stop(signal);
      server = await spawnEmulator({ dataFile, port: server.port, latencyMs });
      processes.push(server);

      const first = await apply.done;
      expect(first.signal).toBeNull();
      if (first.code !== 0) await applyUntilConverged(dir, server, { maxRuns: 4 });

      // Checked in-process on the same data file: what the emulator persisted is what counts.
      await server.stop('SIGTERM');
      emulator = await startEmulator({ dataFile, quiet: true });
      await expectConverged(emulator, dir, scenario);
    }, TIMEOUT);

    it('refuses a second apply on the same state file while the first runs, and the first converges', async () => {
      const scenario = scenarioFor(seed);
      emulator = await startScenarioEmulator(scenario, { latencyMs: 100 });
      const dir = scenarioDir(scenario);
      const env = emulatorEnv(emulator);

      const first = startCli(applyArgs(), { cwd: dir, env, timeoutMs: 120_000 });
      await waitFor(async () => existsSync(path.join(dir, `${STATE_FILE}.lock`)), 30_000);
      // Paused, not finished, however slowly the second one starts on a busy machine.
      first.child.kill('SIGSTOP');
      const second = await startCli(applyArgs(), { cwd: dir, env }).done;
      expect(first.child.exitCode, 'the first apply still runs').toBeNull();
      first.child.kill('SIGCONT');

      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/state .*groupctl\.state\.json is locked by pid \d+/);
      expect(second.stderr).toContain('another apply is running');
      expect(second.stdout, 'the second apply planned nothing').toBe('');

      const result = await first.done;
      expect(result.code, result.stderr).toBe(0);
      await expectConverged(emulator, dir, scenario);
    }, TIMEOUT);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting after ${timeoutMs} ms`);
    await sleep(20);
  }
}

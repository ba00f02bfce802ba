/**
 * What the fault tests share: the suite size (`GROUPCTL_FAULT_SUITE=full` for the long
 * run, a fast subset otherwise), an emulator seeded for a scenario, and applying until
 * the tool says it is done.
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import { type CliResult, runCli, startCli, tempDir } from '../helpers/cli.js';
import { StateStore } from '../../src/state/index.js';
import { CONFIG_DIR, emulatorEnv, type Scenario, STATE_FILE, writeScenario } from './scenario.js';

export const FULL = process.env.GROUPCTL_FAULT_SUITE === 'full';

/** Sizes of the fast subset (`npm test`) and of the full run (`npm run test:faults`). */
export const SIZES = FULL
  ? { creates: 30, existing: 8, repeats: 3, killPoints: 25, killCreates: 40 }
  : { creates: 6, existing: 2, repeats: 1, killPoints: 5, killCreates: 12 };

/**
 * Guards are tested elsewhere; here a later generation may remove more members than
 * the default guard allows, and the tests are about converging, not refusing.
 */
const APPLY_FLAGS = ['--auto-approve', '--max-removals', '100000'];

export function startScenarioEmulator(scenario: Scenario, options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ quiet: true, seed: scenario.seed, ...options });
}

/** A fresh folder holding the scenario's config. */
export function scenarioDir(scenario: Scenario): string {
  const dir = tempDir();
  writeScenario(dir, scenario);
  return dir;
}

export function applyOnce(dir: string, emulator: Pick<RunningEmulator, 'baseUrls'>, extra: string[] = []): Promise<CliResult> {
  return runCli(['apply', CONFIG_DIR, ...APPLY_FLAGS, ...extra], { cwd: dir, env: emulatorEnv(emulator), timeoutMs: 120_000 });
}

export function applyArgs(extra: string[] = []): string[] {
  return ['apply', CONFIG_DIR, ...APPLY_FLAGS, ...extra];
}

/**
 * Applies until an apply exits 0. A run may exit 1 when a step ran out of retries or a
 * create's answer was lost; the next run settles it. Fails the test when `maxRuns` runs
 * are not enough, showing the last run's output.
 */
export async function applyUntilConverged(
  dir: string,
  emulator: Pick<RunningEmulator, 'baseUrls'>,
  options: { maxRuns?: number; extra?: string[] } = {},
): Promise<CliResult[]> {
  const maxRuns = options.maxRuns ?? 6;
  const runs: CliResult[] = [];
  for (let run = 0; run < maxRuns; run++) {
    const result = await applyOnce(dir, emulator, options.extra);
    runs.push(result);
    expect(result.signal, `apply was killed:\n${result.stderr}`).toBeNull();
    if (result.code === 0) return runs;
    expect(result.code, `apply exited ${result.code}:\n${result.stdout}\n${result.stderr}`).toBe(1);
  }
  const last = runs.at(-1)!;
  expect.fail(`apply did not converge in ${maxRuns} runs; the last one said:\n${last.stdout}\n${last.stderr}`);
}

export interface KillPoint {
  /** A random moment, or just after a create's intent is on disk (the narrow window that matters most). */
  kind: 'any moment' | 'create in flight';
  delay: number;
  /** For 'create in flight': how long after the intent, so the create may or may not have been answered. */
  extra: number;
}

/**
 * Resolves `extra` ms after the state shows a create of this run in flight (an intent not yet bound),
 * looking from half the point's delay on, so kills spread over the creates of a run.
 * Never resolves once the apply is over.
 */
export async function createInFlight(dir: string, point: KillPoint, over: () => boolean): Promise<void> {
  // Intents an earlier killed run left behind do not count: this run's own creates do.
  const since = Date.now();
  await sleep(point.delay / 2);
  for (;;) {
    if (over()) return new Promise<void>(() => undefined);
    const state = await StateStore.open(path.join(dir, STATE_FILE), { lock: false }).catch(() => undefined);
    if (state !== undefined && [...state.intents().values()].some((i) => i.started >= since)) break;
    await sleep(2);
  }
  await sleep(point.extra);
}

/**
 * Starts `groupctl apply` and kills it with SIGKILL when the point's moment comes (a random
 * delay, or a create in flight), unless it ends first; what it gave back either way.
 */
export async function applyKilledAt(dir: string, env: Record<string, string>, point: KillPoint): Promise<CliResult> {
  const apply = startCli(applyArgs(), { cwd: dir, env, timeoutMs: 120_000 });
  let over = false;
  const ended = apply.done.finally(() => (over = true));
  const trigger = point.kind === 'any moment' ? sleep(point.delay) : createInFlight(dir, point, () => over);
  const finished = await Promise.race([ended, trigger.then(() => undefined)]);
  if (finished !== undefined) return finished;
  apply.child.kill('SIGKILL');
  return apply.done;
}

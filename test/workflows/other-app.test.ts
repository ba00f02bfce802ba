/**
 * Issue 18: a state file and a saved plan belong to the app they were made against. With
 * another app's base URL (staging's state, production's URL), plan, apply, apply --plan and
 * import stop before any request reaches the other app, naming both apps and the ways out;
 * for org/app bases and for app-id (Agora) bases alike. A state file written before apps
 * were recorded takes the app of its next apply and says so once.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runInProcess } from '../cli/in-process.js';
import { startWorkflow, type Workflow } from './helpers.js';

const CONFIG = 'groups:\n  a:\n    name: Alpha\n    owner: alice\n  b:\n    name: Beta\n    owner: alice\n';
const WITH_C = `${CONFIG}  c:\n    name: Gamma\n    owner: alice\n`;

function requestsTo(emulator: RunningEmulator): number {
  return Object.values(emulator.counters()).reduce((sum, n) => sum + n, 0);
}

describe.each([
  ['org/app bases', 'easemob', /localhost\/acme\/staging/, /localhost\/acme\/prod/],
  ['app-id bases', 'agora', /localhost\/app-id\/stagingid/, /localhost\/app-id\/prodid/],
] as const)('a state file and a saved plan of app A used against app B, %s', (_, style, appA, appB) => {
  let w: Workflow;
  let staging: RunningEmulator;
  let prod: RunningEmulator;
  beforeAll(async () => {
    w = await startWorkflow({ 'groups/all.yaml': CONFIG }, ['alice']);
    await w.emulator.close();
    staging = await startEmulator({ quiet: true, org: 'acme', app: 'staging', appId: 'stagingid', seed: { users: ['alice'], groups: [] } });
    prod = await startEmulator({ quiet: true, org: 'acme', app: 'prod', appId: 'prodid', seed: { users: ['alice'], groups: [] } });
  });
  afterAll(async () => {
    await staging.close();
    await prod.close();
  });
  const on = (emulator: RunningEmulator, ...args: string[]) =>
    runInProcess(args, { cwd: w.dir, env: { GROUPCTL_BASE_URL: emulator.baseUrls[style], GROUPCTL_TOKEN: 'emulator-token' } });

  it('records app A at the first apply and carries it in saved plans', async () => {
    expect((await on(staging, 'apply', '--auto-approve')).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(w.dir, 'groups/groupctl.state.json'), 'utf8')).app).toMatch(appA);
    w.write('groups/all.yaml', WITH_C);
    expect((await on(staging, 'plan', '--out', 'plan.json')).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(w.dir, 'plan.json'), 'utf8')).app).toMatch(appA);
  });

  it('plan, apply, apply --plan and import against app B stop before any request, naming both apps', async () => {
    const bindings = w.bindings();
    const before = requestsTo(prod);
    for (const args of [
      ['plan', '--detailed-exitcode'],
      ['plan', '--allow-recreate'],
      ['apply', '--auto-approve', '--allow-recreate'],
      ['apply', '--plan', 'plan.json', '--auto-approve'],
      ['import', 'c', '228000000000001'],
    ]) {
      const run = await on(prod, ...args);
      const what = `groupctl ${args.join(' ')}:\n${run.stdout}\n${run.stderr}`;
      expect(run.code, what).toBe(1);
      expect(run.stderr, what).toMatch(appA);
      expect(run.stderr, what).toMatch(appB);
      expect(run.stderr, what).toMatch(/--state FILE|connection it was planned with/);
    }
    expect(requestsTo(prod), 'requests reached app B').toBe(before);
    expect(prod.store.groupCount()).toBe(0);
    expect(w.bindings()).toEqual(bindings);
  });

  it('the saved plan of app A alone (a fresh state file for app B) is refused too', async () => {
    const before = requestsTo(prod);
    const run = await on(prod, 'apply', '--plan', 'plan.json', '--state', 'prod.state.json', '--auto-approve');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/refusing the saved plan .*plan\.json: it was made against app/);
    expect(requestsTo(prod)).toBe(before);
  });

  it('app B gets its own state file, and app A goes on with its own', async () => {
    expect((await on(prod, 'apply', '--state', 'prod.state.json', '--auto-approve')).code).toBe(0);
    expect(prod.store.groupCount()).toBe(3);
    expect((await on(staging, 'apply', '--plan', 'plan.json', '--auto-approve')).code).toBe(0);
    expect(staging.store.groupCount()).toBe(3);
    expect((await on(staging, 'plan', '--detailed-exitcode')).code).toBe(0);
    expect((await on(prod, 'plan', '--state', 'prod.state.json', '--detailed-exitcode')).code).toBe(0);
  });

  it('a state file that names no app takes the app of its next apply and says so once', async () => {
    const file = path.join(w.dir, 'groups/groupctl.state.json');
    const state = JSON.parse(readFileSync(file, 'utf8'));
    delete state.app;
    writeFileSync(file, JSON.stringify(state));
    const first = await on(staging, 'apply', '--auto-approve');
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/named no app \(written by an older groupctl\); its bindings now belong to app/);
    expect(JSON.parse(readFileSync(file, 'utf8')).app).toMatch(appA);
    const second = await on(staging, 'apply', '--auto-approve');
    expect(second.stderr).not.toMatch(/named no app/);
  });
});

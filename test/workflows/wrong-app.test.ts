/**
 * A base URL of the wrong app (or service) while groups are bound: every bound group looks
 * deleted. plan and apply refuse without --allow-recreate, saying so, and nothing is created.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runInProcess } from '../cli/in-process.js';
import { duplicateGroups, expectSettled, startWorkflow, type Workflow } from './helpers.js';

const keys = ['a', 'b', 'c', 'd'];
const CONFIG = `groups:\n${keys.map((k) => `  ${k}:\n    name: Group ${k}\n    owner: alice\n`).join('')}`;

describe('a wrong app with bound groups', () => {
  let w: Workflow;
  let wrong: RunningEmulator;
  beforeAll(async () => {
    w = await startWorkflow({ 'groups/all.yaml': CONFIG }, ['alice']);
    wrong = await startEmulator({ quiet: true, seed: { users: ['alice'], groups: [] } });
  });
  afterAll(async () => {
    await w.close();
    await wrong.close();
  });

  it('is refused by plan (exit 1, also with --detailed-exitcode) and apply, and creates nothing', async () => {
    expect((await w.cli('apply', '--auto-approve')).code).toBe(0);
    const bindings = w.bindings();
    const env = { ...w.env, GROUPCTL_BASE_URL: wrong.baseUrls.easemob };
    const onWrongApp = (...args: string[]) => runInProcess(args, { cwd: w.dir, env });

    const plan = await onWrongApp('plan', '--detailed-exitcode');
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain('this plan creates 4 bound groups again because they no longer exist live, more than 3');
    expect(plan.stdout).toContain('A wrong base URL or app looks exactly like this');

    const apply = await onWrongApp('apply', '--auto-approve');
    expect(apply.code).toBe(1);
    expect(wrong.store.groupCount()).toBe(0);
    expect(w.bindings()).toEqual(bindings);

    // The flag is the way through when the groups really were deleted; not taken here.
    expect((await onWrongApp('plan', '--detailed-exitcode', '--allow-recreate')).code).toBe(2);

    expect(duplicateGroups(wrong.store)).toEqual([]);
    await expectSettled(w);
  });
});

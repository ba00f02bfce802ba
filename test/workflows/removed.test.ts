/** `removed:` forgets a binding on purpose, leaves the live group alone, and is guarded. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSettled, planJson, startWorkflow, type Workflow } from './helpers.js';

const keys = ['a', 'b', 'c', 'd', 'e'];
const ALL = `groups:\n${keys.map((k) => `  ${k}:\n    name: Group ${k}\n    owner: alice\n`).join('')}`;

describe('removed:', () => {
  let w: Workflow;
  beforeAll(async () => {
    w = await startWorkflow({ 'groups/all.yaml': ALL }, ['alice']);
  });
  afterAll(() => w.close());

  it('forgets the bindings it lists, under a guard plan shows too, and keeps the groups', async () => {
    expect((await w.cli('apply', '--auto-approve')).code).toBe(0);
    const ids = w.bindings();

    w.write('groups/all.yaml', 'groups:\n  a:\n    name: Group a\n    owner: alice\nremoved: [b, c, d, e]\n');
    const refused = await w.cli('plan', '--detailed-exitcode');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('this plan forgets 4 bindings (removed:), more than --max-forget 3');
    expect((await w.cli('apply', '--auto-approve')).code).toBe(1);
    expect(w.bindings()).toEqual(ids);

    const allowed = await planJson(w, '--max-forget', '4');
    expect(allowed.code).toBe(2);
    expect((allowed.plan.binding_changes as Array<{ change: string }>).map((c) => c.change)).toEqual(['forget', 'forget', 'forget', 'forget']);
    const applied = await w.cli('apply', '--auto-approve', '--max-forget', '4');
    expect(applied.code, applied.stderr).toBe(0);
    expect(w.bindings()).toEqual({ a: ids.a });
    for (const k of ['b', 'c', 'd', 'e']) expect(w.emulator.store.getGroup(ids[k]!.id)).toBeDefined();
    await expectSettled(w);
  });
});

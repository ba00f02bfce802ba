/**
 * Issue 18: what happens between runs of a pipeline never makes a second group. A saved plan
 * applied again on a rolled-back state file is refused as stale; a state file restored from
 * an older copy is refused by serial; applying one file while its rename's `moved:` sits in
 * another is a plan error; a forged journal line never binds two keys to one group. Through
 * the CLI, against the emulator.
 */
import { appendFileSync, copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { duplicateGroups, expectSettled, startWorkflow } from './helpers.js';

const STATE = 'groups/groupctl.state.json';
const ALPHA = 'groups:\n  alpha:\n    name: Alpha\n    owner: alice\n';
const WITH_BETA = `${ALPHA}  beta:\n    name: Beta\n    owner: alice\n`;
const WITH_GAMMA = `${WITH_BETA}  gamma:\n    name: Gamma\n    owner: alice\n`;

describe('a saved plan on a rolled-back state file', () => {
  it('is refused the second time: the group it creates exists live now, and no second "Beta" is made', async () => {
    const w = await startWorkflow({ 'groups/all.yaml': ALPHA }, ['alice']);
    expect((await w.cli('apply', '--auto-approve')).code).toBe(0);
    w.write('groups/all.yaml', WITH_BETA);
    expect((await w.cli('plan', '--out', 'plan.json')).code).toBe(0);
    copyFileSync(path.join(w.dir, STATE), path.join(w.dir, 'state.backup'));
    expect((await w.cli('apply', '--plan', 'plan.json', '--auto-approve')).code).toBe(0);
    // The state push failed, or a revert: the state file is the one the plan was made from.
    copyFileSync(path.join(w.dir, 'state.backup'), path.join(w.dir, STATE));

    const again = await w.cli('apply', '--plan', 'plan.json', '--auto-approve');
    expect(again.code, again.stdout + again.stderr).toBe(1);
    expect(again.stderr).toMatch(/beta.*live group \d+ now has that owner and name/s);
    expect(again.stderr).toMatch(/a new plan imports it/);
    expect(w.emulator.store.groupCount()).toBe(2);

    // A new plan adopts it, as the plain apply would have.
    const plan = await w.cli('plan', '--format', 'json');
    expect(JSON.parse(plan.stdout).steps.map((s: { action: string }) => s.action)).toEqual(['import']);
    expect((await w.cli('apply', '--auto-approve')).code).toBe(0);
    await expectSettled(w);
    await w.close();
  });

  it('is refused when the state file went back to an older serial of its lineage, saying so', async () => {
    const w = await startWorkflow({ 'groups/all.yaml': ALPHA }, ['alice']);
    expect((await w.cli('apply', '--auto-approve')).code).toBe(0);
    copyFileSync(path.join(w.dir, STATE), path.join(w.dir, 'state.backup'));
    w.write('groups/all.yaml', WITH_BETA);
    expect((await w.cli('apply', '--auto-approve')).code).toBe(0);
    w.write('groups/all.yaml', WITH_GAMMA);
    expect((await w.cli('plan', '--out', 'plan.json')).code).toBe(0);
    copyFileSync(path.join(w.dir, 'state.backup'), path.join(w.dir, STATE));

    const refused = await w.cli('apply', '--plan', 'plan.json', '--auto-approve');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/the state file went backwards \(rolled back/);
    expect(w.emulator.store.groupCount()).toBe(2);
    expect(duplicateGroups(w.emulator.store)).toEqual([]);
    await w.close();
  });
});

describe('a rename whose moved: is in another file, only the renamed key\'s file applied', () => {
  it('is a plan error naming the old key and the files to apply too; nothing is created', async () => {
    const w = await startWorkflow({ 'groups/team.yaml': 'groups:\n  team-old:\n    name: Team\n    owner: alice\n', 'groups/other.yaml': 'groups:\n  misc:\n    name: Misc\n    owner: alice\n' }, ['alice']);
    expect((await w.cli('apply', '--auto-approve')).code).toBe(0);
    w.write('groups/team.yaml', 'groups:\n  team:\n    name: Team\n    owner: alice\n');
    w.write('groups/other.yaml', 'groups:\n  misc:\n    name: Misc\n    owner: alice\nmoved:\n  - from: team-old\n    to: team\n');

    for (const command of ['plan', 'apply']) {
      const run = await w.cli(command, 'groups/team.yaml', ...(command === 'apply' ? ['--auto-approve'] : []));
      expect(run.code, run.stdout + run.stderr).toBe(1);
      expect(run.stdout + run.stderr).toMatch(/key team-old \(not in this configuration\) is bound to live group \d+ with the same owner and name/);
      expect(run.stdout + run.stderr).toMatch(/plan and apply that file too/);
    }
    expect(w.emulator.store.groupCount()).toBe(2);

    const all = await w.cli('apply', '--auto-approve');
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('moved team-old -> team');
    await expectSettled(w);
    await w.close();
  });
});

describe('a forged journal line', () => {
  it('that binds a second key to a group another key holds is refused at fold: kept aside, named, never applied', async () => {
    const w = await startWorkflow({ 'groups/all.yaml': WITH_BETA }, ['alice']);
    expect((await w.cli('apply', '--auto-approve')).code).toBe(0);
    const bindings = w.bindings();
    const forged = JSON.stringify({ op: 'bind', key: 'beta', binding: { id: bindings['alpha']!.id }, serial: 99 });
    appendFileSync(path.join(w.dir, `${STATE}.journal`), `${forged}\n`);

    // plan only reads: it refuses and says what the next apply does.
    const plan = await w.cli('plan');
    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(/line 1: it binds "beta" to group \d+, which "alpha" holds/);
    expect(plan.stderr).toMatch(/the next apply or import keeps them aside/);
    const apply = await w.cli('apply', '--auto-approve');
    expect(apply.code).toBe(1);
    expect(apply.stderr).toMatch(/line 1: it binds "beta" to group \d+, which "alpha" holds/);
    const aside = readFileSync(path.join(w.dir, `${STATE}.rejected`), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { line: number; text: string });
    expect(aside).toEqual([expect.objectContaining({ line: 1, text: forged })]);
    expect(w.bindings()).toEqual(bindings);
    // Told once; the state kept its last good bindings, so the next plan is clean.
    expect(existsSync(path.join(w.dir, `${STATE}.journal`))).toBe(false);
    await expectSettled(w);
    await w.close();
  });
});

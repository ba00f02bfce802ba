/**
 * Ctrl-C (or a cancelled CI job) in the middle of an apply: the apply stops starting work,
 * lets the calls in flight end, writes every binding into the state file and exits 130.
 * A fresh checkout that has only the YAML and the state file (what CI commits) then
 * finishes the job without creating any group twice.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../cli/in-process.js';
import { runCli, startCli, tempDir } from '../helpers/cli.js';
import { duplicateGroups, expectSettled, startWorkflow, type Workflow } from './helpers.js';

const KEYS = Array.from({ length: 12 }, (_, i) => `team-${String(i).padStart(2, '0')}`);
const CONFIG = `groups:\n${KEYS.map((k) => `  ${k}:\n    name: ${k}\n    owner: alice\n    admins: [bob]\n`).join('')}`;

describe('SIGINT mid-apply, then a fresh checkout', () => {
  let w: Workflow;
  beforeAll(async () => {
    // Every call takes 150 ms, so the apply is surely in the middle when the signal comes.
    w = await startWorkflow({ 'groups/teams.yaml': CONFIG }, ['alice', 'bob'], { latencyMs: 150 });
  });
  afterAll(() => w.close());

  it('leaves every binding in the state file, and the fresh checkout creates only the rest', async () => {
    const running = startCli(['apply', '--auto-approve', '--concurrency', '2'], { cwd: w.dir, env: w.env });
    const deadline = Date.now() + 20_000;
    while (w.emulator.store.groupCount() < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    running.child.kill('SIGINT');
    const result = await running.done;
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toContain('SIGINT: starting nothing new');

    const created = w.emulator.store.groupCount();
    expect(created).toBeGreaterThanOrEqual(2);
    expect(created).toBeLessThan(KEYS.length);
    // The state file alone holds every group that was made: no journal, no lock, no intent left.
    expect(readdirSync(path.join(w.dir, 'groups')).sort()).toEqual(['groupctl.state.json', 'teams.yaml']);
    expect(Object.keys(w.bindings())).toHaveLength(created);

    const fresh = tempDir();
    mkdirSync(path.join(fresh, 'groups'));
    for (const file of ['teams.yaml', 'groupctl.state.json']) copyFileSync(path.join(w.dir, 'groups', file), path.join(fresh, 'groups', file));
    w.emulator.setFaults({ latencyMs: 0 });
    const finish = await runCli(['apply', '--auto-approve'], { cwd: fresh, env: w.env });
    expect(finish.code, finish.stderr).toBe(0);
    expect(w.emulator.store.groupCount()).toBe(KEYS.length);
    expect(duplicateGroups(w.emulator.store)).toEqual([]);
    expect(existsSync(path.join(fresh, 'groups', 'groupctl.state.json.journal'))).toBe(false);
    await expectSettled({ emulator: w.emulator, cli: (...args) => runInProcess(args, { cwd: fresh, env: w.env }) });
  });
});

/**
 * Issue 18: every group id that enters is checked where it enters, by one rule, and no
 * request is ever sent for an id that breaks it: `import` arguments, config `id:`, state
 * file and journal bindings, saved plans. Each refusal names where the id came from.
 */
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkflow, type Workflow } from './helpers.js';

const STATE = 'groups/groupctl.state.json';
const CONFIG = 'groups:\n  team:\n    name: Team\n    owner: alice\n';
const BAD_IDS = ['../../users/alice', '1,2', '12 34', '9'.repeat(200), 'a%2Fb', ''];

let w: Workflow;
beforeAll(async () => {
  w = await startWorkflow({ 'groups/all.yaml': CONFIG }, ['alice']);
});
afterAll(() => w.close());

function requests(): number {
  return Object.values(w.emulator.counters()).reduce((sum, n) => sum + n, 0);
}

/** Runs groupctl and expects exit 1, the words, and not one request to the service. */
async function refusedWithoutRequests(args: string[], words: RegExp): Promise<void> {
  const before = requests();
  const run = await w.cli(...args);
  const what = `groupctl ${args.join(' ')}:\n${run.stdout}\n${run.stderr}`;
  expect(run.code, what).toBe(1);
  expect(run.stdout + run.stderr, what).toMatch(words);
  expect(requests() - before, `requests sent: ${what}`).toBe(0);
}

describe('a malformed group id', () => {
  it.each(BAD_IDS)('as an import argument (%j) is refused before any request', async (id) => {
    await refusedWithoutRequests(['import', 'team', id], /is not a group id \(1 to 64 of A-Z, a-z, 0-9, "_" and "-"\)/);
  });

  it.each(BAD_IDS.filter((id) => id !== ''))('as a config id: (%j) is refused with its file and line, before any request', async (id) => {
    w.write('groups/all.yaml', `groups:\n  team:\n    name: Team\n    owner: alice\n    id: ${JSON.stringify(id)}\n`);
    await refusedWithoutRequests(['plan'], /groups\/all\.yaml:5.*is not a group id/s);
    await refusedWithoutRequests(['apply', '--auto-approve'], /groups\/all\.yaml:5.*is not a group id/s);
    w.write('groups/all.yaml', CONFIG);
  });

  it('in the state file is refused, naming the file, before any request', async () => {
    writeFileSync(path.join(w.dir, STATE), JSON.stringify({ version: 1, serial: 1, bindings: { team: { id: '../../users/alice' } }, intents: {} }));
    await refusedWithoutRequests(['plan'], /groupctl\.state\.json/);
    await refusedWithoutRequests(['apply', '--auto-approve'], /groupctl\.state\.json/);
    writeFileSync(path.join(w.dir, STATE), JSON.stringify({ version: 1, serial: 1, bindings: {}, intents: {} }));
  });

  it('in a journal line is refused at fold, naming the line, before any request', async () => {
    appendFileSync(path.join(w.dir, `${STATE}.journal`), `${JSON.stringify({ op: 'bind', key: 'team', binding: { id: '1,2' }, serial: 2 })}\n`);
    await refusedWithoutRequests(['plan'], /line 1: .*"1,2" is not a group id/);
    await refusedWithoutRequests(['apply', '--auto-approve'], /line 1: .*"1,2" is not a group id/);
    // Kept aside by the apply; the state keeps its last good bindings (none).
    expect(readFileSync(path.join(w.dir, `${STATE}.rejected`), 'utf8')).toContain('1,2');
  });

  it('in a saved plan is refused before any request', async () => {
    expect((await w.cli('apply', '--auto-approve')).code).toBe(0);
    w.write('groups/all.yaml', CONFIG.replace('name: Team', 'name: Team two'));
    expect((await w.cli('plan', '--out', 'plan.json')).code).toBe(0);
    const file = path.join(w.dir, 'plan.json');
    const plan = JSON.parse(readFileSync(file, 'utf8')) as { steps: Array<{ group_id?: string }> };
    expect(plan.steps[0]!.group_id).toMatch(/^\d+$/);
    plan.steps[0]!.group_id = '../../users/alice';
    writeFileSync(file, JSON.stringify(plan));
    await refusedWithoutRequests(['apply', '--plan', 'plan.json', '--auto-approve'], /steps\[0\]\.group_id.*a group id/);
    // The run's end checks every saved plan against the schema: this one breaks it on purpose.
    rmSync(file);
  });
});

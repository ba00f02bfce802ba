/**
 * Group keys and user ids that are also names every JavaScript object has (`constructor`,
 * `__proto__`, ...) are ordinary names: validate, plan, apply, a saved plan and the state
 * file all treat them like any other, end to end through the CLI against the emulator.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli, tempDir } from '../helpers/cli.js';

// User ids are lowercase, so `tostring` and `valueof` are the spellings a config can hold.
const USERS = ['alice', 'constructor', '__proto__', 'tostring', 'valueof', 'hasownproperty'];

const FIRST = `
groups:
  constructor:
    name: Ctor
    owner: alice
    admins: [__proto__]
    members: [constructor, tostring]
  tostring:
    name: ToString
    owner: constructor
    members: [valueof, hasownproperty]
  valueof:
    name: ValueOf
    owner: __proto__
    admins: [constructor]
  hasownproperty:
    name: HasOwnProperty
    owner: hasownproperty
`;

// Every kind of step on those names: rename, transfer to and from them, role and member changes.
const SECOND = `
groups:
  constructor:
    name: Ctor 2
    owner: constructor
    admins: [tostring]
    members: [__proto__]
  tostring:
    name: ToString
    owner: __proto__
    members: [constructor, valueof]
  valueof:
    name: ValueOf
    owner: __proto__
    admins: [constructor, hasownproperty]
  hasownproperty:
    name: HasOwnProperty
    owner: hasownproperty
`;

describe('keys and user ids named like Object.prototype members', () => {
  let emulator: RunningEmulator;
  let dir: string;
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCli(args, { cwd: dir, env });
  const bindings = (): Record<string, { id: string }> => JSON.parse(readFileSync(path.join(dir, 'groups/groupctl.state.json'), 'utf8')).bindings;

  beforeAll(async () => {
    emulator = await startEmulator({ quiet: true, seed: { users: USERS, groups: [] } });
    env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' };
    dir = tempDir({ 'groups/team.yaml': FIRST });
  });
  afterAll(() => emulator?.close());

  it('validates, plans, applies and then plans clean', async () => {
    const valid = await cli('validate');
    expect(valid.code, valid.stderr).toBe(0);
    const applied = await cli('apply', '--auto-approve');
    expect(applied.code, applied.stderr + applied.stdout).toBe(0);
    expect(Object.keys(bindings()).sort()).toEqual(['constructor', 'hasownproperty', 'tostring', 'valueof']);

    const group = emulator.store.getGroup(bindings().constructor!.id)!;
    expect(group.owner).toBe('alice');
    expect([...group.admins]).toEqual(['__proto__']);
    expect([...group.members].sort()).toEqual(['__proto__', 'constructor', 'tostring']);

    const plan = await cli('plan', '--detailed-exitcode');
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.stdout).toContain('No changes');
  });

  it('applies a saved plan of changes on those names, then plans clean', async () => {
    writeFileSync(path.join(dir, 'groups/team.yaml'), SECOND);
    const saved = await cli('plan', '--out', 'plan.json', '--format', 'json');
    expect(saved.code, saved.stderr).toBe(0);
    const steps = (JSON.parse(saved.stdout) as { steps: { group: string; action: string }[] }).steps;
    expect(new Set(steps.map((s) => s.group))).toEqual(new Set(['constructor', 'tostring', 'valueof']));

    const applied = await cli('apply', '--plan', 'plan.json', '--auto-approve');
    expect(applied.code, applied.stderr + applied.stdout).toBe(0);
    const ctor = emulator.store.getGroup(bindings().constructor!.id)!;
    expect(ctor.groupname).toBe('Ctor 2');
    expect(ctor.owner).toBe('constructor');
    expect([...ctor.admins]).toEqual(['tostring']);
    expect(emulator.store.getGroup(bindings().tostring!.id)!.owner).toBe('__proto__');

    const plan = await cli('plan', '--detailed-exitcode');
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  });
});

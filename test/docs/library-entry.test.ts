/** The library entry exports what the README promises embedders, and those exports work together. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as groupctl from '../../src/index.js';

it.each([
  'loadConfig',
  'validateConfig',
  'ConfigError',
  'makePlan',
  'applyPlan',
  'checkApplyGuards',
  'resolveIntents',
  'readLive',
  'renderText',
  'renderJson',
  'renderMarkdown',
  'StateStore',
  'createGroupService',
  'connectionFromEnv',
  'HttpGroupService',
  'ApiError',
  'startEmulator',
  'GroupStore',
  'toConfig',
  'withFingerprints',
  'checkSavedPlan',
])('exports %s', (name) => {
  expect(typeof (groupctl as Record<string, unknown>)[name]).toBe('function');
});

const TEAM = 'groups:\n  team:\n    name: Team\n    owner: alice\n    admins: [bob]\n    members: [carol]\n';

describe('the exported stages, used only through the entry', () => {
  it('validate, plan, guard, render, apply, re-read, re-plan, check a saved plan and export, against the emulator', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'groupctl-library-'));
    writeFileSync(join(dir, 'team.yaml'), TEAM);
    writeFileSync(join(dir, 'broken.yaml'), 'groups:\n  team2:\n    owner: alice\n    max_users: many\n');
    const emulator = await groupctl.startEmulator({ quiet: true, seed: { users: ['alice', 'bob', 'carol'], groups: [] } });
    const env = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' };
    const state = await groupctl.StateStore.open(join(dir, 'groupctl.state.json'));
    const { service, close } = groupctl.createGroupService(groupctl.connectionFromEnv(env));
    try {
      expect(await groupctl.validateConfig(['team.yaml'], { cwd: dir })).toEqual([]);
      const broken = await groupctl.loadConfig(['broken.yaml'], { cwd: dir }).catch((e: unknown) => e);
      expect(broken).toBeInstanceOf(groupctl.ConfigError);
      expect((broken as InstanceType<typeof groupctl.ConfigError>).lines()).toEqual(['broken.yaml:4:16: groups.team2.max_users: expected a whole number, got string "many"']);

      const desired = await groupctl.loadConfig(['team.yaml'], { cwd: dir });
      await groupctl.resolveIntents(state, service);
      const plan = groupctl.makePlan({ desired, bindings: state.bindings(), live: new Map() });
      expect(plan.steps.map((s) => s.action)).toEqual(['create', 'add-admin']);
      expect(groupctl.checkApplyGuards(plan, { allowDismiss: false, limits: { removals: 10 } })).toEqual([]);
      expect(groupctl.renderText(plan, { color: false })).toContain('# team (new group)');
      expect(JSON.parse(groupctl.renderJson(plan))).toMatchObject({ format_version: 1, summary: { create: 1, 'add-admin': 1 } });
      expect(groupctl.renderMarkdown(plan)).toContain('<summary><code>team</code> (new group): 2 steps</summary>');

      const report = await groupctl.applyPlan(plan, { service, state, groupsAtOnce: 2, allowDismiss: false, limits: { removals: 10 } });
      expect(report.ok).toBe(true);
      const id = state.bindings().get('team')!.id;
      expect(emulator.store.getGroup(id)).toMatchObject({ groupname: 'Team', owner: 'alice' });

      const live = await groupctl.readLive(service, [id], { groupsAtOnce: 2 });
      expect(live.get(id)).toMatchObject({ id, owner: 'alice', admins: ['bob'], settings: { name: 'Team' } });
      expect(groupctl.makePlan({ desired, bindings: state.bindings(), live }).steps).toEqual([]);

      // A saved plan fits the state it was made from, and is stale once its group changed.
      const team = desired.groups.get('team')!;
      const grow = groupctl.makePlan({
        desired: { ...desired, groups: new Map([['team', { ...team, members: [...(team.members ?? []), 'dave'] }]]) },
        bindings: state.bindings(),
        live,
      });
      expect(grow.steps.map((s) => s.action)).toEqual(['add-member']);
      const saved = groupctl.withFingerprints(grow, live);
      expect(Object.keys(saved.fingerprints ?? {})).toEqual([id]);
      const fingerprint = (g: Parameters<typeof groupctl.fingerprintGroup>[0]) => groupctl.fingerprintGroup(g);
      expect(groupctl.checkSavedPlan(saved, live, state.bindings(), fingerprint)).toEqual([]);
      emulator.store.modifyGroup(id, { description: 'changed behind our back' });
      const fresh = await groupctl.readLive(service, [id], { groupsAtOnce: 2 });
      expect(groupctl.checkSavedPlan(saved, fresh, state.bindings(), fingerprint)).toEqual([`team (${id}) changed since the plan was made`]);

      const exported = groupctl.toConfig([live.get(id)!], { members: true });
      expect(exported.bindings).toEqual(new Map([['team', id]]));
      expect(exported.yaml).toContain('owner: alice');

      const denied = groupctl.createGroupService(groupctl.connectionFromEnv({ ...env, GROUPCTL_TOKEN: 'wrong-token' }));
      try {
        await expect(denied.service.getGroups([id])).rejects.toBeInstanceOf(groupctl.ApiError);
      } finally {
        await denied.close();
      }
    } finally {
      await close();
      await state.close();
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

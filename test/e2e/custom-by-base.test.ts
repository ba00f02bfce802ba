/**
 * `custom` length by base (issue 21, FACTS.md): 1024 characters on an Easemob base, 8 KB
 * on an Agora `/app-id/` base. Validate (no connection) allows 8192; plan refuses more
 * than the connection's base allows, naming the group; the emulator enforces both.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runInProcess } from '../cli/in-process.js';
import { tempDir } from '../helpers/cli.js';

const APP_ID = '970ca35de60c44645bbae8a215061b33';
const CERTIFICATE = '5cfd2fd1755d40ecb72977518be15d3b';
const config = (length: number) => `groups:
  team:
    id: "228000000000961"
    name: Team
    owner: alice
    custom: "${'x'.repeat(length)}"
  other:
    id: "228000000000962"
    name: Other renamed
    owner: alice
`;

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({
    quiet: true,
    appId: APP_ID,
    appCertificate: CERTIFICATE,
    seed: {
      users: ['alice'],
      groups: [
        { id: '228000000000961', groupname: 'Team', owner: 'alice', public: false },
        { id: '228000000000962', groupname: 'Other', owner: 'alice', public: false },
      ],
    },
  });
});
afterAll(() => emulator?.close());

const easemob = () => ({ GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' });
const agora = () => ({ GROUPCTL_BASE_URL: emulator.baseUrls.agora, GROUPCTL_AGORA_APP_ID: APP_ID, GROUPCTL_AGORA_APP_CERTIFICATE: CERTIFICATE });

it('validate allows 8192 characters and refuses 8193, without a connection', async () => {
  expect((await runInProcess(['validate', tempDir({ 'g.yaml': config(8192) })])).code).toBe(0);
  const refused = await runInProcess(['validate', tempDir({ 'g.yaml': config(8193) })]);
  expect(refused.code).toBe(1);
  expect(refused.stdout + refused.stderr).toMatch(/custom/);
});

it('plan on an Easemob base refuses 2000 characters for that group, naming it and the limit; the other group plans on', async () => {
  const dir = tempDir({ 'groups/g.yaml': config(2000) });
  const plan = await runInProcess(['plan', '--format', 'json'], { cwd: dir, env: easemob() });
  expect(plan.code).toBe(1);
  const json = JSON.parse(plan.stdout) as { steps: { group: string }[]; errors: { group?: string; message: string }[] };
  expect(json.errors).toEqual([{ group: 'team', message: expect.stringContaining('custom is 2000 characters; this base allows at most 1024') }]);
  expect(json.steps.map((s) => s.group)).toEqual(['other']);
});

it('apply on an Agora base sets 8192 characters, and the emulator refuses 1025 on the Easemob base', async () => {
  const dir = tempDir({ 'groups/g.yaml': config(8192) });
  const applied = await runInProcess(['apply', '--auto-approve'], { cwd: dir, env: agora() });
  expect(applied.code, applied.stdout + applied.stderr).toBe(0);
  expect(emulator.store.getGroup('228000000000961')!.custom).toHaveLength(8192);
  const refused = await fetch(`${emulator.baseUrls.easemob}/chatgroups/228000000000962`, {
    method: 'PUT',
    headers: { authorization: 'Bearer emulator-token', 'content-type': 'application/json' },
    body: JSON.stringify({ custom: 'y'.repeat(1025) }),
  });
  expect(refused.status).toBe(400);
});

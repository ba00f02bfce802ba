/**
 * The client under every dialect of the emulator (FACTS.md, last table; the matrix's
 * HANDLED list, which today is every dialect): the same
 * scenario, through the real HTTP client, planner and apply, must converge under each
 * reading: create (read back and corrected), rename, membership changes, a stale plan
 * whose steps are already done (the batch refusals), missing ids, a user's groups over
 * several pages, a refusal's words, and each way of getting a token.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseBaseUrl } from '../../src/api/base-url.js';
import { createGroupService, type Credentials, type GroupServiceHandle } from '../../src/api/connect.js';
import { ApiError } from '../../src/api/errors.js';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { describeError } from '../../src/apply/describe-error.js';
import { loadConfig } from '../../src/config/index.js';
import { readingsOf } from '../../src/emulator/dialects.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { readLive } from '../../src/live/index.js';
import { makePlan } from '../../src/plan/index.js';
import { MemoryState } from '../apply/memory-state.js';
import { HANDLED } from '../helpers/dialect-matrix.js';

const APP_ID = '970ca35de60c44645bbae8a215061b33';
const CERTIFICATE = '5cfd2fd1755d40ecb72977518be15d3b';
const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
/** Erin owns 45 groups: three pages of a user's groups. */
const SEED = {
  users: USERS,
  groups: [
    { id: '228000000000500', owner: 'frank', groupname: 'Frozen', members: ['bob'], disabled: true },
    ...Array.from({ length: 45 }, (_, i) => ({ id: String(228000000000600 + i), owner: 'erin', groupname: `e${i}` })),
  ],
};

let emulator: RunningEmulator | undefined;
let handle: GroupServiceHandle | undefined;
afterEach(async () => {
  await handle?.close();
  await emulator?.close();
  handle = emulator = undefined;
});

async function connect(dialect: string, credentials: Credentials = { kind: 'token', token: 'emulator-token' }) {
  emulator = await startEmulator({ port: 0, quiet: true, seed: structuredClone(SEED), appId: APP_ID, appCertificate: CERTIFICATE, dialects: dialect });
  handle = createGroupService({ base: parseBaseUrl(emulator.baseUrls.easemob), credentials, rateLimit: 1000, concurrency: 4, retry: { maxAttempts: 4, maxAttempts429: 20, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 1000, retryStatuses: [429, 500, 502, 503, 504] } });
  return { emulator, service: handle.service };
}

async function desired(yaml: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'dialect-'));
  writeFileSync(path.join(dir, 'groups.yaml'), yaml);
  return loadConfig([dir]);
}

/** Plan against live and apply; returns the report and the next plan's steps. */
async function converge(service: GroupServiceHandle['service'], state: MemoryState, yaml: string) {
  const want = await desired(yaml);
  const ids = [...want.groups.values()].map((g) => g.id ?? state.bindings().get(g.key)?.id).filter((id): id is string => id !== undefined);
  const plan = makePlan({ desired: want, bindings: state.bindings(), live: await readLive(service, ids, { groupsAtOnce: 4 }) });
  const report = await applyPlan(plan, { service, state, groupsAtOnce: 4, allowDismiss: false, limits: { removals: 100 } });
  const again = [...state.bindings().values()].map((b) => b.id);
  const next = makePlan({ desired: want, bindings: state.bindings(), live: await readLive(service, again, { groupsAtOnce: 4 }) });
  return { plan, report, next };
}

const CREATE = `groups:
  eng:
    name: Engineering
    description: All engineers
    owner: alice
    public: true
    members_only: true
    allow_invites: false
    admins: [bob]
    members: [bob, carol]
`;
const CHANGE = CREATE.replace('name: Engineering', 'name: Engineering 2').replace('description: All engineers', 'description: Everyone').replace('members: [bob, carol]', 'members: [bob, dave, erin]');


describe.each(HANDLED)('the client under dialect %s', (dialect) => {
  it('creates, renames and changes members, converging to an empty plan', async () => {
    const { service, emulator } = await connect(dialect);
    const state = new MemoryState();
    const first = await converge(service, state, CREATE);
    expect(first.report.steps.filter((s) => s.status !== 'done')).toEqual([]);
    expect(first.next.steps).toEqual([]);
    const create = first.report.steps.find((s) => s.action === 'create');
    // Under another spelling the documented names do not take, and apply says it corrected them.
    if (readingsOf(dialect).createFields === 'desc+members_only') expect(create?.note).toBe('the server did not take description, members_only at create; set with an update');
    if (readingsOf(dialect).createFields === 'desc+approval') expect(create?.note).toMatch(/did not take description/);
    const id = state.bindings().get('eng')!.id;
    expect(emulator.store.getGroup(id)).toMatchObject({ description: 'All engineers', membersonly: true, public: true });

    const second = await converge(service, state, CHANGE);
    expect(second.report.steps.filter((s) => s.status !== 'done')).toEqual([]);
    expect(second.next.steps).toEqual([]);
    expect(emulator.store.getGroup(id)).toMatchObject({ groupname: 'Engineering 2', description: 'Everyone' });
  });

  it('counts a stale plan whose member steps are already done as done', async () => {
    const { service, emulator } = await connect(dialect);
    const state = new MemoryState();
    await converge(service, state, CREATE);
    const id = state.bindings().get('eng')!.id;
    const want = await desired(CHANGE);
    const plan = makePlan({ desired: want, bindings: state.bindings(), live: await readLive(service, [id], { groupsAtOnce: 4 }) });
    // Someone else made the same member changes meanwhile.
    emulator.store.removeMembers(id, ['carol']);
    emulator.store.addMembers(id, ['dave', 'erin']);
    const report = await applyPlan(plan, { service, state, groupsAtOnce: 4, allowDismiss: false, limits: { removals: 100 } });
    expect(report.steps.filter((s) => s.action.endsWith('-member')).map((s) => s.status)).toEqual(['done', 'done', 'done']);
  });

  it('reads a missing id as gone, every group of a user, and a refusal in words', async () => {
    const { service } = await connect(dialect);
    const gone = await service.getGroups(['228000000000600', '228000000999999']);
    expect(gone.get('228000000000600')?.owner).toBe('erin');
    expect(gone.get('228000000999999')).toBeNull();
    expect((await service.userGroups('erin')).map((g) => g.id).sort()).toEqual(SEED.groups.filter((g) => g.owner === 'erin').map((g) => g.id).sort());
    const refusal = await service.transferOwner('228000000000600', 'alice').catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ApiError);
    expect((refusal as ApiError).description).toMatch(/alice/);
  });

  it('says what to do when a disabled group refuses a change', async () => {
    const { service } = await connect(dialect);
    const refusal = await service.updateGroup('228000000000500', { description: 'x' }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ApiError);
    expect(describeError(refusal)).toMatch(/set `disabled: false` to enable it first/);
  });

  it.each<[string, Credentials]>([
    ['client credentials', { kind: 'easemob', clientId: 'emulator', clientSecret: 'emulator-secret' }],
    ['an Agora app token', { kind: 'agora', appId: APP_ID, appCertificate: CERTIFICATE }],
  ])('authenticates with %s', async (_label, credentials) => {
    const { service } = await connect(dialect, credentials);
    expect((await service.getGroups(['228000000000600'])).get('228000000000600')?.owner).toBe('erin');
  });
});

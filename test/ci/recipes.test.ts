/**
 * The recipes' scripts, run as the CI hosts would run them (issue 19, Done when): pull /
 * merge requests planned and commented, merged back to back, applied by the apply jobs
 * against the emulator, the state file pushed to a real bare remote.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { tempDir } from '../helpers/cli.js';
import { fakeGithub, fakeGitlab, type Forge } from './fake-forge.js';
import { git, makeRemote, type Remote } from './git-remote.js';
import { bash, Dev, GITLAB, runGithubJob, runGitlabJob, WORKFLOW } from './recipe-runner.js';

const STATE = 'groups/groupctl.state.json';
const group = (key: string, name: string, members: string[] = ['bob']) =>
  `groups:\n  ${key}:\n    name: ${name}\n    owner: alice\n    members: [${members.join(', ')}]\n`;

let emulator: RunningEmulator;
let remote: Remote;
let dev: Dev;
let connection: Record<string, string>;

beforeEach(async () => {
  emulator = await startEmulator({ quiet: true, seed: { users: ['alice', 'bob', 'carol', 'dave'], groups: [] } });
  connection = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' };
  remote = makeRemote({ 'groups/base.yaml': group('base', 'Base') });
  // main starts applied, with its state file committed, as after a first apply.
  const boot = remote.clone('boot');
  const applied = await bash(`groupctl apply groups/ --auto-approve && git add ${STATE} && git commit -qm state && git push -q origin HEAD:main`, boot, connection);
  expect(applied.code, applied.out).toBe(0);
  dev = new Dev(remote);
});

afterEach(async () => {
  await emulator.close();
});

function trailers(): string[] {
  return git(remote.bare, 'log', '--first-parent', '--format=%(trailers:key=Groupctl-Applied,valueonly)', 'main')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .reverse();
}

async function cleanPlan(): Promise<void> {
  const dir = remote.clone(`final-${Date.now()}`);
  const r = await bash('groupctl plan groups/ --detailed-exitcode', dir, connection);
  expect(r.code, r.out).toBe(0);
}

function boundKeys(): string[] {
  const state = JSON.parse(git(remote.bare, 'show', `main:${STATE}`)) as { bindings?: Record<string, unknown>; groups?: Record<string, unknown> };
  return Object.keys(state.bindings ?? state.groups ?? {}).sort();
}

describe('the GitHub recipe', () => {
  let forge: Forge;
  beforeEach(async () => {
    forge = await fakeGithub('acme/groups');
  });
  afterEach(() => forge.close());

  const env = (extra: Record<string, string>) => ({
    ...connection,
    GITHUB_TOKEN: 'ghs_secret_token',
    GITHUB_REPOSITORY: 'acme/groups',
    GITHUB_API_URL: forge.url,
    GITHUB_REF_NAME: 'main',
    ...extra,
  });

  async function review(n: number, files: Record<string, string>): Promise<void> {
    dev.open(`pr${n}`, files);
    const dir = dev.checkout(`plan${n}-${Date.now()}`, `pr${n}`);
    const event = path.join(tempDir(), 'event.json');
    writeFileSync(event, JSON.stringify({ pull_request: { number: n } }));
    const r = await runGithubJob('plan', dir, { command: 'plan', 'plan-args': "--target '*'" }, env({ GITHUB_EVENT_PATH: event }));
    expect(r.code, r.out).toBe(0);
    expect(forge.comments.get(n)?.[0]?.body).toContain('<!-- groupctl:digest');
  }

  function merge(n: number): string {
    const sha = dev.merge(`pr${n}`);
    forge.merges.set(sha, n);
    return sha;
  }

  async function apply(sha: string): Promise<{ code: number | null; out: string }> {
    const dir = dev.checkout(`apply-${sha.slice(0, 7)}-${Date.now()}`, sha);
    const event = path.join(tempDir(), 'push.json');
    writeFileSync(event, JSON.stringify({ after: sha }));
    return runGithubJob('apply', dir, { command: 'apply' }, env({ GITHUB_SHA: sha, GITHUB_EVENT_PATH: event }));
  }

  it('applies two pull requests merged back to back, in order, on one unforked state file', async () => {
    await review(1, { 'groups/one.yaml': group('one', 'One') });
    await review(2, { 'groups/two.yaml': group('two', 'Two') });
    const m1 = merge(1);
    const m2 = merge(2);
    const first = await apply(m1);
    expect(first.code, first.out).toBe(0);
    // PR 2's plan was made before PR 1 was applied (older serial): planned again, same changes.
    const second = await apply(m2);
    expect(second.code, second.out).toBe(0);
    expect(trailers()).toEqual([m1, m2]);
    expect(boundKeys()).toEqual(['base', 'one', 'two']);
    expect(emulator.store.groupCount()).toBe(3);
    expect(git(remote.bare, 'log', '--merges', '--format=%s', 'main')).toBe('Merge pr2\nMerge pr1');
    await cleanPlan();
  }, 120_000);

  it('keeps a pending apply that a newer merge replaced: the newer run applies it first', async () => {
    // GitHub keeps one pending run per group: m2's run is cancelled by m3's while m1's runs.
    expect(WORKFLOW.jobs.apply!.concurrency).toEqual({ group: 'groupctl-apply', 'cancel-in-progress': false });
    expect(WORKFLOW.jobs.plan!.concurrency).toEqual({ group: 'groupctl-plan-${{ github.event.pull_request.number }}', 'cancel-in-progress': true });
    expect(WORKFLOW.jobs.drift!.concurrency?.group).toBe('groupctl-drift');
    await review(1, { 'groups/one.yaml': group('one', 'One') });
    await review(2, { 'groups/two.yaml': group('two', 'Two') });
    await review(3, { 'groups/three.yaml': group('three', 'Three') });
    const m1 = merge(1);
    const m2 = merge(2);
    const m3 = merge(3);
    expect((await apply(m1)).code).toBe(0);
    const third = await apply(m3);
    expect(third.code, third.out).toBe(0);
    expect(trailers()).toEqual([m1, m2, m3]);
    expect(boundKeys()).toEqual(['base', 'one', 'three', 'two']);
    // A late re-run of the dropped run changes nothing and never puts an older config back.
    const late = await apply(m2);
    expect(late.code, late.out).toBe(0);
    expect(late.out).toContain('Nothing to apply');
    expect(trailers()).toEqual([m1, m2, m3]);
    await cleanPlan();
  }, 180_000);

  it('shows a changed plan on the pull request instead of applying it; a re-run applies it', async () => {
    await review(1, { 'groups/base.yaml': group('base', 'Base', ['bob', 'carol']) });
    const m1 = merge(1);
    // Someone adds dave to the live group after the review: the plan now removes him too.
    const id = (JSON.parse(git(remote.bare, 'show', `main:${STATE}`)) as { bindings: Record<string, { id: string }> }).bindings.base!.id;
    emulator.store.addMember(id, 'dave');
    const before = forge.comments.get(1)![0]!.body;
    const refused = await apply(m1);
    expect(refused.code).not.toBe(0);
    expect(refused.out).toContain('not applied');
    const shown = forge.comments.get(1)![0]!.body;
    expect(shown).not.toBe(before);
    expect(shown).toContain('Not applied');
    expect(shown).toContain('re-run the apply job');
    expect(shown).toContain('dave');
    expect(trailers()).toEqual([]);
    const rerun = await apply(m1);
    expect(rerun.code, rerun.out).toBe(0);
    expect(trailers()).toEqual([m1]);
    await cleanPlan();
  }, 120_000);

  it('runs jobs in their environments, installs nothing of the repository, and fails drift', async () => {
    const jobs = WORKFLOW.jobs as Record<string, { environment?: string; steps: Array<{ run?: string }> }>;
    expect([jobs.plan!.environment, jobs.apply!.environment, jobs.drift!.environment]).toEqual(['groupctl-plan', 'groupctl-apply', 'groupctl-plan']);
    const runs = Object.values(jobs).flatMap((j) => j.steps.map((st) => st.run ?? ''));
    expect(runs.filter((r) => /\bnpm (ci|i|install)\b/.test(r))).toEqual([]);
    const dir = remote.clone('drift');
    expect((await runGithubJob('drift', dir, { command: 'drift' }, env({}))).code).toBe(0);
    const id = (JSON.parse(git(remote.bare, 'show', `main:${STATE}`)) as { bindings: Record<string, { id: string }> }).bindings.base!.id;
    emulator.store.addMember(id, 'dave');
    const drift = await runGithubJob('drift', dir, { command: 'drift' }, env({}));
    expect(drift.code).toBe(2);
    expect(drift.out).toContain('::error title=groupctl drift::');
  }, 60_000);

  it('fails the apply job when the state file cannot be pushed', async () => {
    await review(1, { 'groups/one.yaml': group('one', 'One') });
    const m1 = merge(1);
    remote.refuse(Infinity);
    const r = await apply(m1);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('could not push the state file');
  }, 120_000);

  it('lands the state file when the first push is refused', async () => {
    await review(1, { 'groups/one.yaml': group('one', 'One') });
    const m1 = merge(1);
    remote.refuse(1);
    const r = await apply(m1);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('refused once');
    expect(trailers()).toEqual([m1]);
    expect(boundKeys()).toEqual(['base', 'one']);
  }, 120_000);
});

describe('the GitLab recipe', () => {
  let forge: Forge;
  beforeEach(async () => {
    forge = await fakeGitlab('42');
  });
  afterEach(() => forge.close());

  const env = (extra: Record<string, string>) => ({
    ...connection,
    GITLAB_TOKEN: 'glpat-secret',
    CI_API_V4_URL: `${forge.url}/api/v4`,
    CI_PROJECT_ID: '42',
    CI_SERVER_HOST: 'gitlab.test',
    CI_PROJECT_PATH: 'acme/groups',
    CI_JOB_URL: 'https://gitlab.test/acme/groups/-/jobs/1',
    GROUPCTL_PUSH_URL: remote.bare,
    ...extra,
  });

  it('applies in script (not after_script), in resource group order, merge requests back to back', async () => {
    expect(GITLAB.apply!.resource_group).toBe('groupctl-apply');
    expect(GITLAB.apply!.after_script).toBeUndefined();
    expect(GITLAB.plan!.interruptible).toBe(true);
    expect(GITLAB.plan!.resource_group).toBeUndefined();
    for (const n of [1, 2]) {
      dev.open(`mr${n}`, { [`groups/m${n}.yaml`]: group(`m${n}`, `M${n}`) });
      const dir = dev.checkout(`mrplan${n}`, `mr${n}`);
      const r = await runGitlabJob('plan', dir, env({ CI_MERGE_REQUEST_IID: String(n), CI_PIPELINE_SOURCE: 'merge_request_event' }));
      expect(r.code, r.out).toBe(0);
    }
    const shas = [1, 2].map((n) => {
      const sha = dev.merge(`mr${n}`);
      forge.merges.set(sha, n);
      return sha;
    });
    for (const sha of shas) {
      const dir = dev.checkout(`mrapply-${sha.slice(0, 7)}`, sha);
      const r = await runGitlabJob('apply', dir, env({ CI_COMMIT_SHA: sha, CI_COMMIT_BRANCH: 'main' }));
      expect(r.code, r.out).toBe(0);
      expect(r.out).not.toContain('not process_mode oldest_first');
    }
    expect(trailers()).toEqual(shas);
    expect(boundKeys()).toEqual(['base', 'm1', 'm2']);
    await cleanPlan();
  }, 120_000);

  it('fails the apply job when the push never lands', async () => {
    dev.open('mr1', { 'groups/m1.yaml': group('m1', 'M1') });
    const dir = dev.checkout('mrplan1', 'mr1');
    expect((await runGitlabJob('plan', dir, env({ CI_MERGE_REQUEST_IID: '1' }))).code).toBe(0);
    const sha = dev.merge('mr1');
    forge.merges.set(sha, 1);
    remote.refuse(Infinity);
    const r = await runGitlabJob('apply', dev.checkout('mrapply', sha), env({ CI_COMMIT_SHA: sha, CI_COMMIT_BRANCH: 'main' }));
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('could not push the state file');
  }, 120_000);
});

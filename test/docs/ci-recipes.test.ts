/**
 * The CI recipes in examples/ci/ run as written. Every step that runs a command is run with
 * bash, in the order a pipeline would, against an emulator, a fake GitHub / GitLab API on
 * loopback and a real git remote in a temporary folder: the GitHub workflow's steps, and
 * the steps of the groupctl action (action.yml) it uses, with their inputs; the GitLab jobs'
 * script and after_script. `groupctl` on PATH is this checkout's dist/cli/main.js; `gh` is a
 * stand-in that always fails, as when no artifact can be had (tests put the reviewed plan
 * in place themselves when they want one).
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { cleanEnv, CLI, ROOT, tempDir } from '../helpers/cli.js';
import { fakeGithub, fakeGitlab, type FakeHost } from '../comment/fake-hosts.js';

interface Step {
  id?: string;
  name?: string;
  if?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface GithubJob {
  if?: string;
  environment?: string;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean };
  permissions?: Record<string, string>;
  steps: Step[];
}
interface GithubWorkflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, GithubJob>;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: Step[] };
}
interface GitlabJob {
  script?: string[];
  after_script?: string[];
  before_script?: string[];
  resource_group?: string;
  environment?: { name: string };
  variables?: Record<string, string>;
  rules?: Array<{ if?: string }>;
}

const SECRET = 'ci-token-3b9f17d0';
const GITHUB_TOKEN = 'ghs_ciFakeToken0123456789';
const GITLAB_TOKEN = 'glpat-ciFakeToken-abcdef';
const MERGE_SHA = 'abc123def456';
const ACTION_USES = 'groupctl/groupctl@v0';

const workflow = parse(readFileSync(path.join(ROOT, 'examples/ci/.github/workflows/groupctl.yml'), 'utf8')) as GithubWorkflow;
const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;
const pipeline = parse(readFileSync(path.join(ROOT, 'examples/ci/.gitlab-ci.yml'), 'utf8')) as Record<string, GitlabJob>;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const done of cleanups.splice(0)) await done();
});

interface Run {
  code: number;
  output: string;
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    // GitHub's and the GitLab runner's shell for steps: bash, stop at the first failure.
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: cleanEnv({ GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' }) });
}

interface Workspace {
  /** The job's checkout. */
  dir: string;
  /** The remote it was cloned from (bare). */
  origin: string;
  emulator: RunningEmulator;
  env: NodeJS.ProcessEnv;
}

/**
 * A config repository: groups/ from the small-team example, committed on main in a bare
 * remote and cloned; its own emulator with the example's users; bin/ with the stand-ins.
 */
async function workspace(): Promise<Workspace> {
  const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];
  const emulator = await startEmulator({ port: 0, quiet: true, token: SECRET, seed: { users, groups: [] } });
  cleanups.push(() => emulator.close());
  const root = tempDir();
  const origin = path.join(root, 'origin.git');
  git(root, 'init', '--bare', '--initial-branch=main', origin);
  const dir = path.join(root, 'checkout');
  git(root, 'clone', '--quiet', origin, dir);
  mkdirSync(path.join(dir, 'groups'));
  copyFileSync(path.join(ROOT, 'examples/small-team/groups.yaml'), path.join(dir, 'groups/team.yaml'));
  git(dir, 'add', '.');
  git(dir, 'commit', '--quiet', '-m', 'groups');
  git(dir, 'push', '--quiet', 'origin', 'HEAD:main');
  const bin = path.join(root, 'bin');
  mkdirSync(bin);
  const shim = (name: string, body: string) => {
    writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(path.join(bin, name), 0o755);
  };
  shim('groupctl', `exec "${process.execPath}" "${CLI}" "$@"`);
  shim('gh', 'echo "gh (test stand-in): no artifact here" >&2; exit 1');
  const env = cleanEnv({
    PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
    GROUPCTL_RATE_LIMIT: '1000',
    HOME: root,
    GIT_AUTHOR_NAME: 'ci',
    GIT_AUTHOR_EMAIL: 'ci@example.com',
    GIT_COMMITTER_NAME: 'ci',
    GIT_COMMITTER_EMAIL: 'ci@example.com',
  });
  return { dir, origin, emulator, env };
}

/** Someone else pushes to main meanwhile: the state commit has to fetch, rebase and retry. */
function moveMain(ws: Workspace): void {
  const other = path.join(path.dirname(ws.origin), 'other');
  git(path.dirname(ws.origin), 'clone', '--quiet', ws.origin, other);
  writeFileSync(path.join(other, 'README.md'), 'someone else was here\n');
  git(other, 'add', '.');
  git(other, 'commit', '--quiet', '-m', 'meanwhile');
  git(other, 'push', '--quiet', 'origin', 'HEAD:main');
}

function stateOnOrigin(ws: Workspace): { bindings: Record<string, { id: string }> } {
  return JSON.parse(git(ws.origin, 'show', 'main:groups/groupctl.state.json')) as { bindings: Record<string, { id: string }> };
}

/** Console-style change behind groupctl's back: rename a group through the API. */
async function renameBehindTheToolsBack(ws: Workspace, key: string, name: string): Promise<void> {
  const state = JSON.parse(readFileSync(path.join(ws.dir, 'groups/groupctl.state.json'), 'utf8')) as { bindings: Record<string, { id: string }> };
  const response = await fetch(`${ws.emulator.baseUrls.easemob}/chatgroups/${state.bindings[key]!.id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
    body: JSON.stringify({ groupname: name }),
  });
  expect(response.status).toBe(200);
}

function editConfig(ws: Workspace, from: string, to: string): void {
  const file = path.join(ws.dir, 'groups/team.yaml');
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
}

/** `${{ ... }}` of the few contexts the recipes use. */
function expand(text: string, ctx: Record<string, string | undefined>): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    if (!(expr in ctx)) throw new Error(`the test does not know \${{ ${expr} }}`);
    return ctx[expr] ?? '';
  });
}

function expandAll(values: Record<string, string> | undefined, ctx: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([k, v]) => [k, expand(String(v), ctx)]));
}

function readOutputs(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  return Object.fromEntries(readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

describe('GitHub Actions recipe and action.yml', () => {
  it('plans pull requests, applies on main in an environment, drift too, all in one concurrency group; no job installs the repository', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['pull_request', 'push', 'schedule']));
    expect(workflow.permissions).toEqual({});
    const { plan, apply, drift } = workflow.jobs;
    expect(plan!.if).toContain("github.event_name == 'pull_request'");
    // A fork's pull request gets no secrets: it is not planned.
    expect(plan!.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    expect(plan!.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(apply!.if).toContain('refs/heads/main');
    expect(apply!.environment).toBe('groupctl-apply');
    expect(plan!.environment).toBe('groupctl-plan');
    expect(drift!.environment).toBe('groupctl-plan');
    for (const job of [plan!, apply!, drift!]) expect(job.concurrency).toEqual({ group: 'groupctl', 'cancel-in-progress': false });
    // The apply credential only in the apply job; plans run with the plan credential.
    expect(JSON.stringify(plan)).not.toContain('secrets.GROUPCTL_TOKEN');
    expect(JSON.stringify(drift)).not.toContain('secrets.GROUPCTL_TOKEN');
    const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
    expect(steps.filter((s) => s.run?.includes('npm ci') || s.run?.includes('npm install'))).toEqual([]);
    expect(steps.filter((s) => s.uses === ACTION_USES).map((s) => s.with?.command)).toEqual(['plan', 'apply', 'drift']);
    // The state file is committed whatever happened before.
    expect(apply!.steps.find((s) => s.name === 'Commit the state file')!.if).toBe('always()');
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['command', 'path', 'args', 'plan-file']));
  });

  interface Context {
    ws: Workspace;
    host: FakeHost;
    secrets: Record<string, string>;
  }

  async function github(): Promise<Context> {
    const ws = await workspace();
    const host = await fakeGithub({ repository: 'acme/groups', pr: 7, mergeSha: MERGE_SHA });
    cleanups.push(() => host.close());
    const secrets = { GROUPCTL_BASE_URL: ws.emulator.baseUrls.easemob, GROUPCTL_PLAN_TOKEN: SECRET, GROUPCTL_TOKEN: SECRET };
    return { ws, host, secrets };
  }

  /** Runs the steps of the groupctl action with the step's inputs and environment. */
  async function runAction(c: Context, step: Step, env: NodeJS.ProcessEnv): Promise<Run> {
    const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, String(v.default ?? '')]));
    const ctx: Record<string, string | undefined> = { 'github.token': GITHUB_TOKEN, ...Object.fromEntries(Object.entries(c.secrets).map(([k, v]) => [`secrets.${k}`, v])) };
    for (const [k, v] of Object.entries(inputs)) inputs[k] = expand(v, ctx);
    for (const [k, v] of Object.entries(expandAll(step.with, ctx))) inputs[k] = v;
    const stepEnv = expandAll(step.env, { ...ctx, 'secrets.GROUPCTL_CLIENT_ID': '', 'secrets.GROUPCTL_CLIENT_SECRET': '', 'secrets.GROUPCTL_AGORA_APP_ID': '', 'secrets.GROUPCTL_AGORA_APP_CERTIFICATE': '' });
    let output = '';
    const outputs: Record<string, Record<string, string>> = {};
    for (const [n, s] of action.runs.steps.entries()) {
      // setup-node and upload-artifact are GitHub's; the install step builds groupctl, which the stand-in on PATH replaces.
      if (s.run === undefined || s.id === 'install') continue;
      const file = path.join(c.ws.dir, `..`, `github-output-${n}`);
      writeFileSync(file, '');
      const actionCtx = {
        ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`inputs.${k}`, v])),
        ...Object.fromEntries(Object.entries(outputs).flatMap(([id, o]) => Object.entries(o).map(([k, v]) => [`steps.${id}.outputs.${k}`, v]))),
      };
      const result = await bash(s.run, c.ws.dir, { ...env, ...stepEnv, ...expandAll(s.env, actionCtx), GITHUB_OUTPUT: file });
      output += result.output;
      if (s.id) outputs[s.id] = readOutputs(file);
      if (result.code !== 0) return { code: result.code, output };
    }
    return { code: 0, output };
  }

  /** Runs a job's steps as GitHub would: after a failure only `always()` / `failure()` steps. */
  async function runJob(c: Context, name: string, env: NodeJS.ProcessEnv): Promise<Run> {
    let failed = 0;
    let output = '';
    for (const step of workflow.jobs[name]!.steps) {
      const when = step.if ?? 'success()';
      const runs = failed ? /always\(\)|failure\(\)/.test(when) : when !== 'failure() || cancelled()';
      if (!runs) continue;
      let result: Run | undefined;
      if (step.uses === ACTION_USES) result = await runAction(c, step, env);
      else if (step.run !== undefined) result = await bash(step.run, c.ws.dir, { ...env, ...expandAll(step.env, { 'github.token': GITHUB_TOKEN }) });
      if (!result) continue;
      output += result.output;
      if (result.code !== 0 && !failed) failed = result.code;
    }
    for (const secret of [SECRET, GITHUB_TOKEN]) expect(output).not.toContain(secret);
    return { code: failed, output };
  }

  function githubEnv(c: Context, event: object, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const eventFile = path.join(c.ws.dir, '..', 'event.json');
    writeFileSync(eventFile, JSON.stringify(event));
    return {
      ...c.ws.env,
      GITHUB_API_URL: c.host.url,
      GITHUB_REPOSITORY: 'acme/groups',
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_RUN_ID: '99',
      GITHUB_EVENT_PATH: eventFile,
      GITHUB_STEP_SUMMARY: path.join(c.ws.dir, '..', 'summary.md'),
      ...extra,
    };
  }
  const pullRequest = (c: Context) => githubEnv(c, { pull_request: { number: 7 } }, { GITHUB_EVENT_NAME: 'pull_request' });
  const pushToMain = (c: Context) => githubEnv(c, { ref: 'refs/heads/main', after: MERGE_SHA }, { GITHUB_EVENT_NAME: 'push', GITHUB_SHA: MERGE_SHA, GITHUB_REF_NAME: 'main' });
  const schedule = (c: Context) => githubEnv(c, { schedule: '17 3 * * *' }, { GITHUB_EVENT_NAME: 'schedule' });

  /** The reviewed plan, as the fetch step would have downloaded it from the pull request's run. */
  function downloadReviewed(c: Context): void {
    mkdirSync(path.join(c.ws.dir, 'reviewed'), { recursive: true });
    copyFileSync(path.join(c.ws.dir, 'plan.json'), path.join(c.ws.dir, 'reviewed/plan.json'));
  }

  it('runs as written: the plan as one pull-request comment and an artifact, the reviewed plan applied on merge, the state committed past a moved main, then drift', async () => {
    const c = await github();
    const plan = await runJob(c, 'plan', pullRequest(c));
    expect(plan.code).toBe(0);
    expect(c.host.comments).toHaveLength(1);
    expect(c.host.comments[0]!.body).toMatch(/### groupctl plan[\s\S]*team-all/);
    expect(readFileSync(path.join(c.ws.dir, '..', 'summary.md'), 'utf8')).toMatch(/team-all[\s\S]*create/);
    expect(JSON.parse(readFileSync(path.join(c.ws.dir, 'plan.json'), 'utf8'))).toMatchObject({ format_version: 1 });
    // A second push to the pull request edits the comment.
    expect((await runJob(c, 'plan', pullRequest(c))).code).toBe(0);
    expect(c.host.comments).toHaveLength(1);

    downloadReviewed(c);
    moveMain(c.ws);
    const apply = await runJob(c, 'apply', pushToMain(c));
    expect(apply.output).toContain('Apply complete');
    expect(apply.output).toContain('Push refused (attempt 1)');
    expect(apply.code).toBe(0);
    expect(Object.keys(stateOnOrigin(c.ws).bindings).sort()).toEqual(['team-2019-offsite', 'team-all', 'team-leads']);
    expect(git(c.ws.origin, 'log', '--format=%s', 'main')).toMatch(/^groupctl: record group bindings \[skip ci\]\nmeanwhile\n/);

    expect((await runJob(c, 'drift', schedule(c))).code).toBe(0);
    await renameBehindTheToolsBack(c.ws, 'team-all', 'Renamed in the console');
    const drift = await runJob(c, 'drift', schedule(c));
    expect(drift.code).toBe(2);
    expect(drift.output).toContain('::error title=groupctl drift::');
    expect(drift.output).toContain('Renamed in the console');
  }, 120_000);

  it('refuses a stale reviewed plan, says so on the merged pull request, and still commits the state', async () => {
    const c = await github();
    await runJob(c, 'plan', pullRequest(c));
    downloadReviewed(c);
    expect((await runJob(c, 'apply', pushToMain(c))).code).toBe(0);

    editConfig(c.ws, 'name: Team\n', 'name: The team\n');
    expect((await runJob(c, 'plan', pullRequest(c))).code).toBe(0);
    downloadReviewed(c);
    await renameBehindTheToolsBack(c.ws, 'team-all', 'Changed after the review');
    const apply = await runJob(c, 'apply', pushToMain(c));
    expect(apply.code).toBe(1);
    expect(apply.output).toContain('is stale');
    expect(apply.output).toContain('The state file is unchanged.');
    const comment = c.host.comments[0]!.body;
    expect(c.host.comments).toHaveLength(1);
    expect(comment).toContain('> ⚠️ The apply on the main branch did not complete (exit 1): the saved plan reviewed/plan.json is stale');
    expect(comment).toContain('The team');
  }, 120_000);

  it('without the artifact plans again: applies when it is the reviewed plan, refuses (and notes) when it is not', async () => {
    const c = await github();
    await runJob(c, 'plan', pullRequest(c));
    const apply = await runJob(c, 'apply', pushToMain(c));
    expect(apply.output).toContain('No reviewed plan artifact: planning again.');
    expect(apply.output).toContain('The plan is the one reviewed on pull request #7');
    expect(apply.output).toContain('Apply complete');
    expect(apply.code).toBe(0);

    editConfig(c.ws, 'name: Team\n', 'name: The team\n');
    await runJob(c, 'plan', pullRequest(c));
    // Merged with more than was reviewed.
    editConfig(c.ws, 'name: The team\n', 'name: Not reviewed\n');
    const refused = await runJob(c, 'apply', pushToMain(c));
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('the plan differs from the one reviewed on pull request #7');
    expect(refused.output).not.toContain('Apply complete');
    expect(c.host.comments[0]!.body).toContain('> ⚠️ Not applied: the plan made after the merge');
    expect(c.host.comments[0]!.body).toContain('The team');
    expect(c.ws.emulator.store.toData().groups.map((g) => g.groupname)).not.toContain('Not reviewed');
  }, 120_000);
});

describe('GitLab CI recipe', () => {
  const lines = (job: string, part: 'script' | 'after_script'): string => pipeline[job]![part]!.join('\n');

  it('plans merge requests, applies on the default branch in an environment, checks drift on a schedule, one resource group; nothing installs the repository', () => {
    expect(pipeline.plan!.rules?.[0]?.if).toContain('merge_request_event');
    expect(pipeline.apply!.rules?.[0]?.if).toContain('CI_DEFAULT_BRANCH');
    expect(pipeline.drift!.rules?.[0]?.if).toContain('schedule');
    for (const job of ['plan', 'apply', 'drift']) expect(pipeline[job]!.resource_group).toBe('groupctl');
    expect(pipeline.apply!.environment?.name).toBeTruthy();
    expect(pipeline.apply!.variables?.GROUPCTL_TOKEN).toBe('$GROUPCTL_APPLY_TOKEN');
    expect(pipeline.plan!.variables?.GROUPCTL_TOKEN).toBe('$GROUPCTL_PLAN_TOKEN');
    expect(pipeline.drift!.variables?.GROUPCTL_TOKEN).toBe('$GROUPCTL_PLAN_TOKEN');
    expect(JSON.stringify(pipeline)).not.toContain('npm ci');
    expect(lines('drift', 'script')).toContain('--detailed-exitcode');
  });

  async function gitlab(): Promise<{ ws: Workspace; host: FakeHost; env: (job: string, extra?: Record<string, string>) => NodeJS.ProcessEnv }> {
    const ws = await workspace();
    const host = await fakeGitlab({ project: '42', iid: 3, mergeSha: MERGE_SHA });
    cleanups.push(() => host.close());
    const env = (job: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
      // Project variables, then the job's own (which map the plan / apply credential).
      const project: Record<string, string> = { GROUPCTL_BASE_URL: ws.emulator.baseUrls.easemob, GROUPCTL_PLAN_TOKEN: SECRET, GROUPCTL_APPLY_TOKEN: SECRET, GITLAB_TOKEN };
      const own = Object.fromEntries(Object.entries(pipeline[job]!.variables ?? {}).map(([k, v]) => [k, v.replace(/^\$(\w+)$/, (_, name: string) => project[name] ?? '')]));
      return { ...ws.env, ...project, ...own, GITLAB_CI: 'true', CI_API_V4_URL: `${host.url}/api/v4`, CI_PROJECT_ID: '42', CI_JOB_URL: 'https://gitlab.example/acme/groups/-/jobs/1', ...extra };
    };
    return { ws, host, env };
  }

  async function runJob(ws: Workspace, job: string, env: NodeJS.ProcessEnv): Promise<Run & { after: Run }> {
    const main = await bash(lines(job, 'script'), ws.dir, env);
    const after = pipeline[job]!.after_script
      ? await bash(lines(job, 'after_script'), ws.dir, { ...env, CI_JOB_STATUS: main.code === 0 ? 'success' : 'failed' })
      : { code: 0, output: '' };
    for (const secret of [SECRET, GITLAB_TOKEN]) expect(main.output + after.output).not.toContain(secret);
    return { ...main, after };
  }

  it('runs as written: the plan as one merge-request note, the reviewed plan applied on the default branch, the state pushed past a moved branch, then drift', async () => {
    const { ws, host, env } = await gitlab();
    const mr = { CI_PIPELINE_SOURCE: 'merge_request_event', CI_MERGE_REQUEST_IID: '3' };
    const plan = await runJob(ws, 'plan', env('plan', mr));
    expect(plan.code).toBe(0);
    expect(readFileSync(path.join(ws.dir, 'plan.md'), 'utf8')).toMatch(/team-all[\s\S]*create/);
    expect(host.comments).toHaveLength(1);
    expect((await runJob(ws, 'plan', env('plan', mr))).code).toBe(0);
    expect(host.comments).toHaveLength(1);

    moveMain(ws);
    const branch = { CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BRANCH: 'main', CI_DEFAULT_BRANCH: 'main', CI_COMMIT_SHA: MERGE_SHA, CI_SERVER_HOST: 'gitlab.example', GROUPCTL_PUSH_URL: ws.origin };
    const apply = await runJob(ws, 'apply', env('apply', branch));
    expect(apply.output).toContain('The plan is the one reviewed on merge request !3');
    expect(apply.output).toContain('Apply complete');
    expect(apply.code).toBe(0);
    expect(apply.after.output).toContain('Push refused (attempt 1)');
    expect(apply.after.code).toBe(0);
    expect(Object.keys(stateOnOrigin(ws).bindings).sort()).toEqual(['team-2019-offsite', 'team-all', 'team-leads']);

    const schedule = { CI_PIPELINE_SOURCE: 'schedule' };
    expect((await runJob(ws, 'drift', env('drift', schedule))).code).toBe(0);
    await renameBehindTheToolsBack(ws, 'team-leads', 'Renamed in the console');
    expect((await runJob(ws, 'drift', env('drift', schedule))).code).toBe(2);
  }, 120_000);

  it('refuses on the default branch a plan that is not the reviewed one, and applies nothing', async () => {
    const { ws, host, env } = await gitlab();
    await runJob(ws, 'plan', env('plan', { CI_PIPELINE_SOURCE: 'merge_request_event', CI_MERGE_REQUEST_IID: '3' }));
    editConfig(ws, 'name: Team\n', 'name: Not reviewed\n');
    const branch = { CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BRANCH: 'main', CI_DEFAULT_BRANCH: 'main', CI_COMMIT_SHA: MERGE_SHA, CI_SERVER_HOST: 'gitlab.example', GROUPCTL_PUSH_URL: ws.origin };
    const apply = await runJob(ws, 'apply', env('apply', branch));
    expect(apply.code).toBe(1);
    expect(apply.output).toContain('the plan differs from the one reviewed on merge request !3');
    expect(apply.output).not.toContain('Apply complete');
    expect(ws.emulator.store.toData().groups).toEqual([]);
    expect(host.comments[0]!.body).toContain('> ⚠️ Not applied: the plan made after the merge');
    expect(apply.after.output).toContain('The state file is unchanged.');
  }, 120_000);
});

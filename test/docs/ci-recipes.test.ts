/**
 * The CI recipes in examples/ci/ run as written: every job script that calls groupctl is run
 * with bash, in the job order a pipeline would (plan on a pull request, apply on main, a
 * nightly drift check), against an emulator. `npx` is a shim that runs this checkout's
 * dist/cli/main.js, so nothing is fetched from a registry.
 */
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/index.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { cleanEnv, CLI, ROOT, tempDir } from '../helpers/cli.js';

interface GithubStep {
  name?: string;
  run?: string;
  uses?: string;
}
interface GithubWorkflow {
  on: Record<string, unknown>;
  env: Record<string, string>;
  jobs: Record<string, { if?: string; concurrency?: { group: string }; steps: GithubStep[] }>;
}
interface GitlabJob {
  script?: string[];
  resource_group?: string;
  rules?: Array<{ if?: string }>;
}

const SECRET_TOKEN = 'ci-token-3b9f17d0';

let emulator: RunningEmulator;

beforeAll(async () => {
  const desired = await loadConfig([path.join(ROOT, 'examples/small-team')]);
  const users = new Set<string>();
  for (const g of desired.groups.values()) [g.owner!, ...(g.admins ?? []), ...(g.members ?? [])].forEach((u) => users.add(u));
  // The emulator accepts one fixed token; here it is the "secret" the pipeline holds.
  emulator = await startEmulator({ port: 0, quiet: true, token: SECRET_TOKEN, seed: { users: [...users], groups: [] } });
});

afterAll(async () => {
  await emulator.close();
});

/** A checkout of a config repository: groups/ from the small-team example, and a bin/ with the npx shim. */
function workspace(): { dir: string; env: NodeJS.ProcessEnv; summary: string } {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'groups'));
  copyFileSync(path.join(ROOT, 'examples/small-team/groups.yaml'), path.join(dir, 'groups/team.yaml'));
  const bin = path.join(dir, '.bin');
  mkdirSync(bin);
  const shim = path.join(bin, 'npx');
  writeFileSync(
    shim,
    `#!/bin/sh\nif [ "$1" = groupctl ]; then shift; exec "${process.execPath}" "${CLI}" "$@"; fi\necho "npx shim: only groupctl" >&2; exit 127\n`,
  );
  chmodSync(shim, 0o755);
  const summary = path.join(dir, 'step-summary.md');
  const env = cleanEnv({
    PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
    GROUPCTL_BASE_URL: emulator.baseUrls.easemob,
    GROUPCTL_TOKEN: SECRET_TOKEN,
    GROUPCTL_RATE_LIMIT: '1000',
  });
  return { dir, env, summary };
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // GitHub's default shell for run steps.
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Console-style change behind groupctl's back: rename a group through the API. */
async function renameBehindTheToolsBack(dir: string, key: string): Promise<void> {
  const state = JSON.parse(readFileSync(path.join(dir, 'groups/groupctl.state.json'), 'utf8')) as { bindings: Record<string, { id: string }> };
  const id = state.bindings[key]!.id;
  const response = await fetch(`${emulator.baseUrls.easemob}/chatgroups/${id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${SECRET_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ groupname: 'Renamed in the console' }),
  });
  expect(response.status).toBe(200);
}

describe('GitHub Actions recipe', () => {
  const workflow = parse(readFileSync(path.join(ROOT, 'examples/ci/.github/workflows/groupctl.yml'), 'utf8')) as GithubWorkflow;
  const scripts = (job: string): string[] =>
    workflow.jobs[job]!.steps.flatMap((s) => (s.run !== undefined && /\bnpx groupctl\b/.test(s.run) ? [s.run] : []));

  it('plans on pull requests, applies on main in the groupctl-apply concurrency group, checks drift nightly', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['pull_request', 'push', 'schedule']));
    expect(workflow.jobs.plan!.if).toContain('pull_request');
    expect(workflow.jobs.apply!.if).toContain('refs/heads/main');
    expect(workflow.jobs.apply!.concurrency?.group).toBe('groupctl-apply');
    expect(scripts('drift').join('\n')).toContain('--detailed-exitcode');
    for (const value of Object.values(workflow.env)) expect(value).toMatch(/^\$\{\{ secrets\.GROUPCTL_[A-Z_]+ \}\}$/);
  });

  it('runs as written: plan into the step summary, apply, no drift, then drift after a console change', async () => {
    const { dir, env, summary } = workspace();
    const run = async (job: string, extraEnv: NodeJS.ProcessEnv = {}) => {
      const results = [];
      for (const script of scripts(job)) results.push(await bash(script, dir, { ...env, ...extraEnv }));
      return results;
    };

    const [plan] = await run('plan', { GITHUB_STEP_SUMMARY: summary });
    expect(plan!.code).toBe(0);
    expect(readFileSync(summary, 'utf8')).toMatch(/team-all[\s\S]*create/);
    expect(existsSync(path.join(dir, 'plan.json'))).toBe(true);

    const [apply] = await run('apply');
    expect(apply!.output).toContain('Apply complete');
    expect(apply!.code).toBe(0);
    expect(existsSync(path.join(dir, 'apply-report.json'))).toBe(true);

    const [calm] = await run('drift');
    expect(calm!.code).toBe(0);

    await renameBehindTheToolsBack(dir, 'team-all');
    const [drift] = await run('drift');
    expect(drift!.code).toBe(2);
    expect(drift!.output).toContain('::error title=groupctl drift::');
    expect(drift!.output).toContain('Renamed in the console');

    for (const r of [plan!, apply!, calm!, drift!]) expect(r.output).not.toContain(SECRET_TOKEN);
  }, 60_000);
});

describe('GitLab CI recipe', () => {
  const pipeline = parse(readFileSync(path.join(ROOT, 'examples/ci/.gitlab-ci.yml'), 'utf8')) as Record<string, GitlabJob>;
  const script = (job: string): string => {
    const lines = pipeline[job]!.script!;
    expect(lines.some((l) => /\bnpx groupctl\b/.test(l))).toBe(true);
    return lines.join('\n');
  };

  it('plans on merge requests, applies on the default branch in one resource group, checks drift on a schedule', () => {
    expect(pipeline.plan!.rules?.[0]?.if).toContain('merge_request_event');
    expect(pipeline.apply!.rules?.[0]?.if).toContain('CI_DEFAULT_BRANCH');
    expect(pipeline.apply!.resource_group).toBe('groupctl-apply');
    expect(pipeline.drift!.rules?.[0]?.if).toContain('schedule');
    expect(script('drift')).toContain('--detailed-exitcode');
  });

  it('runs as written: Markdown plan artifact, apply, no drift, then drift fails the job', async () => {
    const { dir, env } = workspace();
    const plan = await bash(script('plan'), dir, env);
    expect(plan.code).toBe(0);
    expect(readFileSync(path.join(dir, 'plan.md'), 'utf8')).toMatch(/team-all[\s\S]*create/);
    expect(JSON.parse(readFileSync(path.join(dir, 'plan.json'), 'utf8'))).toMatchObject({ format_version: 1 });

    const apply = await bash(script('apply'), dir, env);
    expect(apply.output).toContain('Apply complete');
    expect(apply.code).toBe(0);

    expect((await bash(script('drift'), dir, env)).code).toBe(0);
    await renameBehindTheToolsBack(dir, 'team-leads');
    const drift = await bash(script('drift'), dir, env);
    expect(drift.code).toBe(2);
    expect(drift.output).not.toContain(SECRET_TOKEN);
  }, 60_000);
});

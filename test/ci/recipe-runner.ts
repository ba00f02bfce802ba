/**
 * Runs the shipped recipes' own script text, as the CI hosts would: the action's `run:` steps
 * (action.yml), the GitHub workflow's `run:` steps and the GitLab jobs' `script:` lines, with
 * bash, groupctl (dist/) on PATH, against the emulator, a fake forge and a real bare remote.
 * What is not run: `uses:` steps other than the action, and GitLab's before_script install
 * (the tarball download; GROUPCTL_CI points at this checkout's examples/ci/bin instead).
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CLI, cleanEnv, ROOT, tempDir } from '../helpers/cli.js';
import { git, type Remote } from './git-remote.js';

export interface JobResult {
  code: number | null;
  out: string;
}

interface Step {
  id?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}

export const ACTION = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { runs: { steps: Step[] } };
export const WORKFLOW = parse(readFileSync(path.join(ROOT, 'examples/ci/.github/workflows/groupctl.yml'), 'utf8')) as {
  jobs: Record<string, { concurrency?: { group: string; 'cancel-in-progress': boolean }; steps: Step[] }>;
};
export const GITLAB = parse(readFileSync(path.join(ROOT, 'examples/ci/.gitlab-ci.yml'), 'utf8')) as Record<
  string,
  { script?: string[]; resource_group?: string; interruptible?: boolean; after_script?: string[] }
>;

/** A folder holding a `groupctl` that runs the built CLI, as the install step leaves one. */
function shimDir(): string {
  const dir = path.join(tempDir(), 'bin');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'groupctl'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(path.join(dir, 'groupctl'), 0o755);
  return dir;
}
const SHIM = shimDir();

export function bash(script: string, cwd: string, env: Record<string, string>): Promise<JobResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], {
      cwd,
      env: cleanEnv({ ...env, PATH: `${SHIM}:${process.env.PATH}`, GIT_CONFIG_GLOBAL: '/dev/null', GROUPCTL_PUSH_DELAY: '0' }),
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

function actionStep(id: string): string {
  const step = ACTION.runs.steps.find((s) => s.id === id);
  if (!step?.run) throw new Error(`action.yml has no run step ${id}`);
  return step.run;
}

/** One GitHub job: its own `run:` steps, then the action's run and result steps with `inputs`. */
export async function runGithubJob(job: string, cwd: string, inputs: Record<string, string>, env: Record<string, string>): Promise<JobResult> {
  const output = path.join(tempDir(), 'github-output');
  writeFileSync(output, '');
  const base = { ...env, GITHUB_OUTPUT: output, GITHUB_ACTION_PATH: ROOT };
  let out = '';
  for (const step of WORKFLOW.jobs[job]!.steps) {
    if (step.run) {
      const r = await bash(step.run, cwd, base);
      out += r.out;
      if (r.code !== 0) return { code: r.code, out };
    }
  }
  const ins = {
    IN_COMMAND: inputs.command ?? 'plan',
    IN_PATH: inputs.path ?? 'groups/',
    IN_ARGS: inputs.args ?? '',
    IN_PLAN_ARGS: inputs['plan-args'] ?? '',
    IN_APPLY_ARGS: inputs['apply-args'] ?? '',
    IN_PLAN_FILE: inputs['plan-file'] ?? 'plan.json',
    IN_COMMENT: inputs.comment ?? 'true',
  };
  const run = await bash(actionStep('run'), cwd, { ...base, ...ins });
  out += run.out;
  if (run.code !== 0) return { code: run.code, out };
  const code = /^exitcode=(\d+)$/m.exec(readFileSync(output, 'utf8'))?.[1] ?? '';
  const result = await bash(actionStep('result'), cwd, { ...base, CODE: code });
  return { code: result.code, out: out + result.out };
}

/** One GitLab job's `script:` lines, in one shell that stops at the first failing line. */
export function runGitlabJob(job: string, cwd: string, env: Record<string, string>): Promise<JobResult> {
  const lines = GITLAB[job]!.script!;
  return bash(['set -eo pipefail', ...lines].join('\n'), cwd, { ...env, GROUPCTL_CI: path.join(ROOT, 'examples/ci/bin') });
}

/** A developer's clone: pull / merge requests as branches, merged with --no-ff like the hosts. */
export class Dev {
  readonly dir: string;
  constructor(readonly remote: Remote) {
    this.dir = remote.clone('dev');
  }

  /** A request branch from main as it is now, with `files` changed. */
  open(branch: string, files: Record<string, string>): void {
    git(this.dir, 'fetch', '-q', 'origin');
    git(this.dir, 'checkout', '-q', '-B', branch, 'origin/main');
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(this.dir, name)), { recursive: true });
      writeFileSync(path.join(this.dir, name), content);
    }
    git(this.dir, 'add', '-A');
    git(this.dir, 'commit', '-q', '-m', `change on ${branch}`);
  }

  /** Merges `branch` into main on the remote; the merge commit's SHA. */
  merge(branch: string): string {
    git(this.dir, 'fetch', '-q', 'origin');
    git(this.dir, 'checkout', '-q', '-B', 'main', 'origin/main');
    git(this.dir, 'merge', '-q', '--no-ff', '-m', `Merge ${branch}`, branch);
    git(this.dir, 'push', '-q', 'origin', 'main');
    return git(this.dir, 'rev-parse', 'HEAD');
  }

  /** A CI checkout of `ref` (a request branch or a merge commit). */
  checkout(name: string, ref: string): string {
    const dir = this.remote.clone(name);
    git(dir, 'fetch', '-q', this.dir, `${ref}`);
    git(dir, 'checkout', '-q', '--detach', 'FETCH_HEAD');
    return dir;
  }
}

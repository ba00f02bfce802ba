/**
 * What the careful-comment tests share: the built CLI run against a fake GitHub or GitLab
 * (fake-hosts.ts) in a temporary folder, a saved plan, and ways to make a host misbehave
 * for a few calls. The CLI is the built binary on purpose: a timer or socket left open
 * would keep its process alive, which is a hang the tests must see.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import { renderJson } from '../../src/render/index.js';
import type { Plan } from '../../src/plan/types.js';
import { runCli, tempDir, type CliResult } from '../helpers/cli.js';
import { type Answer, type Call, fakeGithub, fakeGitlab, type FakeHost } from './fake-hosts.js';

export const GITHUB_TOKEN = 'ghs_fakeTokenZ9y8X7w6V5u4';
export const GITLAB_TOKEN = 'glpat-fakeToken-1q2w3e4r';
export const MARKER = '<!-- groupctl:plan -->';
export const COMMENTS = '/repos/acme/groups/issues/42/comments';
export const NOTES = '/api/v4/projects/1234/merge_requests/7/notes';
export const SHA = '1a2b3c4d5e6f708192a3b4c5d6e7f80912a3b4c5';
export const HEAD = 'ffeeddccbbaa99887766554433221100ffeeddcc';

/** Kills a CLI that outlives this: a hang shows as `signal: SIGKILL`, not as a stuck suite. */
const HANG_MS = 25_000;

const hosts: FakeHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

export interface Setup {
  host: FakeHost;
  dir: string;
  env: Record<string, string>;
  /** Runs `groupctl comment --plan FILE ...args`: `plan` saved in dir, or the name of a plan file there. */
  comment(plan: Plan | string, ...args: string[]): Promise<CliResult>;
}

function setup(host: FakeHost, dir: string, env: Record<string, string>): Setup {
  hosts.push(host);
  let n = 0;
  return {
    host,
    dir,
    env,
    comment: (plan, ...args) => {
      const file = typeof plan === 'string' ? plan : savePlan(dir, plan, `plan-${(n += 1)}.json`);
      return runCli(['comment', '--plan', file, ...args], { cwd: dir, env, timeoutMs: HANG_MS });
    },
  };
}

export function savePlan(dir: string, plan: Plan, name = 'plan.json'): string {
  writeFileSync(path.join(dir, name), renderJson(plan));
  return name;
}

/** A fake GitHub with pull request #42 of acme/groups, and the job's variables for it. */
export async function github(extra: Record<string, string> = {}): Promise<Setup> {
  const host = await fakeGithub({ repository: 'acme/groups', pr: 42 });
  const dir = tempDir({ 'event.json': JSON.stringify({ number: 42, pull_request: { number: 42, head: { sha: HEAD } } }) });
  return setup(host, dir, {
    GITHUB_TOKEN,
    GITHUB_REPOSITORY: 'acme/groups',
    GITHUB_EVENT_PATH: path.join(dir, 'event.json'),
    GITHUB_API_URL: host.url,
    GITHUB_SERVER_URL: 'https://github.example',
    ...extra,
  });
}

/** A fake GitLab with merge request !7 of project 1234, and the job's variables for it. */
export async function gitlab(extra: Record<string, string> = {}): Promise<Setup> {
  const host = await fakeGitlab({ project: '1234', iid: 7 });
  return setup(host, tempDir(), {
    GITLAB_CI: 'true',
    GITLAB_TOKEN,
    CI_API_V4_URL: `${host.url}/api/v4`,
    CI_PROJECT_ID: '1234',
    CI_MERGE_REQUEST_IID: '7',
    CI_COMMIT_SHA: SHA,
    CI_PROJECT_URL: 'https://gitlab.example/acme/groups',
    ...extra,
  });
}

/** A second fake host, closed after the test: somewhere the token must never be sent. */
export async function elsewhere(): Promise<FakeHost> {
  const host = await fakeGithub({ repository: 'evil/elsewhere', pr: 1 });
  hosts.push(host);
  return host;
}

/** The run ended by itself (no kill), with this exit code, and printed no token. */
export function ended(result: CliResult, code: number, token: string): void {
  expect(result.signal).toBeNull();
  expect(result.stdout + result.stderr).not.toContain(token);
  expect(result.code, result.stderr).toBe(code);
}

/** `METHOD /path` of every call, without the query. */
export function calls(host: FakeHost): string[] {
  return host.calls.map((c) => `${c.method} ${c.path.split('?')[0]}`);
}

export function count(host: FakeHost, call: string): number {
  return calls(host).filter((c) => c === call).length;
}

/** Answers the first `times` calls to `method path` with `answer`, then lets the tables answer. */
export function failFirst(host: FakeHost, method: string, pathname: string, times: number, answer: (call: Call, n: number) => Answer): void {
  let n = 0;
  host.intercept = (call, url) => (call.method === method && url.pathname === pathname && n < times ? answer(call, (n += 1)) : undefined);
}

/** A host's error answer that quotes the credential it was sent, as a careless proxy might. */
export function echoing(status: number, message: string, call: Call): Answer {
  const sent = call.headers.authorization ?? call.headers['private-token'];
  return { status, body: { message: `${message} (sent ${String(sent)})` } };
}

/** Pages that never end: every page is full and links to the next. */
export function endlessPages(host: FakeHost, pathname: string, style: 'link' | 'x-next-page'): void {
  host.intercept = (call, url) => {
    if (call.method !== 'GET' || url.pathname !== pathname) return undefined;
    const n = Number(url.searchParams.get('page') ?? 1);
    const next = new URL(url);
    next.searchParams.set('page', String(n + 1));
    const author = style === 'link' ? { user: { login: 'someone', id: 3 } } : { author: { username: 'someone', id: 3 } };
    const items = Array.from({ length: 100 }, (_, i) => ({ id: n * 100 + i, body: 'chatter', ...author }));
    return { status: 200, body: items, headers: style === 'link' ? { link: `<${next.href}>; rel="next"` } : { 'x-next-page': String(n + 1) } };
  };
}

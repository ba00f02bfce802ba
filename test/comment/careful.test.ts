/**
 * `groupctl comment` against hosts that misbehave or are hostile: a marker forged by
 * another author (never edited, never trusted by --verify), pages that never end, an
 * answer that drips, 5xx and 429 (Retry-After) before success, a POST that may have
 * landed (not repeated), and the worded refusals (403, 404, 422). None may hang, loop or
 * print the token. Also the commit and the plan's time in the comment.
 */
import { utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderJson } from '../../src/render/index.js';
import type { Plan } from '../../src/plan/types.js';
import { runCli, tempDir, type CliResult } from '../helpers/cli.js';
import { makeTestPlan, samplePlan, step } from '../render/plan-builders.js';
import { ACTIONS_BOT, fakeGithub, fakeGitlab, type FakeHost } from './fake-hosts.js';
import { composeComment } from '../../src/comment/compose.js';

const GITHUB_TOKEN = 'ghs_fakeTokenZ9y8X7w6V5u4';
const GITLAB_TOKEN = 'glpat-fakeToken-1q2w3e4r';
const MARKER = '<!-- groupctl:plan -->';
const COMMENTS = '/repos/acme/groups/issues/42/comments';
const SHA = '1a2b3c4d5e6f708192a3b4c5d6e7f80912a3b4c5';
const HEAD = 'ffeeddccbbaa99887766554433221100ffeeddcc';

const hosts: FakeHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

function savePlan(dir: string, plan: Plan, name = 'plan.json'): string {
  writeFileSync(path.join(dir, name), renderJson(plan));
  return name;
}

function noSecrets(result: CliResult, token: string): void {
  expect(result.stdout + result.stderr).not.toContain(token);
}

function calls(host: FakeHost): string[] {
  return host.calls.map((c) => `${c.method} ${c.path.split('?')[0]}`);
}

async function github(extra: Record<string, string> = {}): Promise<{ host: FakeHost; dir: string; env: Record<string, string> }> {
  const host = await fakeGithub({ repository: 'acme/groups', pr: 42 });
  hosts.push(host);
  const dir = tempDir({ 'event.json': JSON.stringify({ number: 42, pull_request: { number: 42, head: { sha: HEAD } } }) });
  const env = {
    GITHUB_TOKEN,
    GITHUB_REPOSITORY: 'acme/groups',
    GITHUB_EVENT_PATH: path.join(dir, 'event.json'),
    GITHUB_API_URL: host.url,
    GITHUB_SERVER_URL: 'https://github.example',
    ...extra,
  };
  return { host, dir, env };
}

/** Answers the first `times` calls that match with `answer`, then lets the tables answer. */
function failFirst(host: FakeHost, match: (method: string, pathname: string) => boolean, times: number, answer: () => ReturnType<NonNullable<FakeHost['intercept']>>): void {
  let left = times;
  host.intercept = (call, url) => (match(call.method, url.pathname) && left-- > 0 ? answer() : undefined);
}

describe('GitHub: whose comment it is', () => {
  it('a marker written by another author is neither edited nor trusted by --verify; a comment of its own is made', async () => {
    const { host, dir, env } = await github();
    const forgedPlan = makeTestPlan([step.bare('dismiss', 'eng-all', '228001')]);
    const forged = composeComment(forgedPlan, { pointer: '' });
    host.comments.push({ id: 7, body: forged, author: 'mallory' });
    const verify = await runCli(['comment', '--plan', savePlan(dir, forgedPlan, 'forged.json'), '--verify'], { cwd: dir, env });
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain('has no groupctl plan comment');
    expect(calls(host)).not.toContain('PATCH /repos/acme/groups/issues/comments/7');

    const post = await runCli(['comment', '--plan', savePlan(dir, samplePlan())], { cwd: dir, env });
    expect(post.code).toBe(0);
    expect(post.stdout).toContain('Created the groupctl comment');
    expect(host.comments.find((c) => c.id === 7)!.body).toBe(forged);
    expect(host.comments).toHaveLength(2);
    expect(host.comments[1]!.author).toBe(ACTIONS_BOT.login);
    noSecrets(verify, GITHUB_TOKEN);
    noSecrets(post, GITHUB_TOKEN);
  });

  it("with a user's token, GET /user names it: the Actions bot's marker is not that user's", async () => {
    const { host, dir, env } = await github();
    host.userToken = true;
    host.self = { id: 5, login: 'Deploy-Bot' };
    host.comments.push({ id: 8, body: `${MARKER}\nold`, author: ACTIONS_BOT.login }, { id: 9, body: `${MARKER}\nmine`, author: 'Deploy-Bot' });
    const result = await runCli(['comment', '--plan', savePlan(dir, samplePlan())], { cwd: dir, env });
    expect(result.code).toBe(0);
    expect(calls(host)).toEqual(['GET /user', `GET ${COMMENTS}`, 'PATCH /repos/acme/groups/issues/comments/9']);
    expect(host.comments.find((c) => c.id === 8)!.body).toBe(`${MARKER}\nold`);
  });
});

describe('GitHub: bounds', () => {
  it('pages that never end: stops after 50 pages with a clear error, posts nothing', async () => {
    const { host, dir, env } = await github();
    host.intercept = (call, url) => {
      if (call.method !== 'GET' || url.pathname !== COMMENTS) return undefined;
      const next = new URL(url);
      next.searchParams.set('page', String(Number(url.searchParams.get('page') ?? 1) + 1));
      const page = Array.from({ length: 100 }, (_, i) => ({ id: i + 1, body: 'chatter', user: { login: 'someone', id: 3 } }));
      return { status: 200, body: page, headers: { link: `<${next.href}>; rel="next"` } };
    };
    const result = await runCli(['comment', '--plan', savePlan(dir, samplePlan())], { cwd: dir, env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('stopped after 50 pages');
    expect(result.stderr).toContain('pull request #42 of acme/groups');
    expect(calls(host).filter((c) => c === `GET ${COMMENTS}`)).toHaveLength(50);
    expect(calls(host)).not.toContain(`POST ${COMMENTS}`);
    noSecrets(result, GITHUB_TOKEN);
  });

  it('an answer that drips a byte at a time fails by the deadline (GROUPCTL_COMMENT_TIMEOUT), without hanging', async () => {
    const { host, dir, env } = await github({ GROUPCTL_COMMENT_TIMEOUT: '1.5' });
    host.intercept = (call, url) => (call.method === 'GET' && url.pathname === COMMENTS ? { status: 200, body: [{ id: 1, body: 'x'.repeat(500) }], dripMs: 300 } : undefined);
    const result = await runCli(['comment', '--plan', savePlan(dir, samplePlan())], { cwd: dir, env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no answer within the deadline of 1.5 s');
    expect(result.stderr).toContain('GitHub did not answer (pull request #42 of acme/groups)');
    expect(calls(host)).not.toContain(`POST ${COMMENTS}`);
    noSecrets(result, GITHUB_TOKEN);
  });

  it('refuses a GROUPCTL_COMMENT_TIMEOUT that is not a number of seconds', async () => {
    const { dir, env } = await github({ GROUPCTL_COMMENT_TIMEOUT: '10m' });
    const result = await runCli(['comment', '--plan', savePlan(dir, samplePlan())], { cwd: dir, env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('GROUPCTL_COMMENT_TIMEOUT must be a number of seconds');
  });
});

describe('GitHub: retries', () => {
  it('a 502 and a 503 on the list, then success: retried, and the comment is made once', async () => {
    const { host, dir, env } = await github();
    let status = 501;
    failFirst(host, (m, p) => m === 'GET' && p === COMMENTS, 2, () => ({ status: (status += 1), body: { message: 'Bad gateway' } }));
    const result = await runCli(['comment', '--plan', savePlan(dir, samplePlan())], { cwd: dir, env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(calls(host).filter((c) => c === `GET ${COMMENTS}`)).toHaveLength(3);
    expect(host.comments).toHaveLength(1);
  });

  it('429 with Retry-After: waits, then succeeds; a Retry-After beyond what groupctl waits fails at once, saying so', async () => {
    const { host, dir, env } = await github();
    failFirst(host, (m, p) => m === 'POST' && p === COMMENTS, 1, () => ({ status: 429, body: { message: 'slow down' }, headers: { 'retry-after': '1' } }));
    const ok = await runCli(['comment', '--plan', savePlan(dir, samplePlan())], { cwd: dir, env });
    expect(ok.code).toBe(0);
    expect(calls(host).filter((c) => c === `POST ${COMMENTS}`)).toHaveLength(2);
    expect(host.comments).toHaveLength(1);

    host.calls.length = 0;
    failFirst(host, (m) => m === 'PATCH', 1, () => ({ status: 429, body: { message: 'slow down' }, headers: { 'retry-after': '3600' } }));
    const tooLong = await runCli(['comment', '--plan', savePlan(dir, makeTestPlan([step.user('add-member', 'eng-all', '228001', 'frank')]))], { cwd: dir, env });
    expect(tooLong.code).toBe(1);
    expect(tooLong.stderr).toContain('answered 429');
    expect(tooLong.stderr).toContain('it asks to wait 3600 s');
    expect(calls(host).filter((c) => c.startsWith('PATCH'))).toHaveLength(1);
    noSecrets(tooLong, GITHUB_TOKEN);
  });

  it('a 500 on the POST is not repeated: the comment may have been made, and a second would be a duplicate', async () => {
    const { host, dir, env } = await github();
    failFirst(host, (m, p) => m === 'POST' && p === COMMENTS, 1, () => ({ status: 500, body: { message: 'Server Error' } }));
    const result = await runCli(['comment', '--plan', savePlan(dir, samplePlan())], { cwd: dir, env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('answered 500');
    expect(calls(host).filter((c) => c === `POST ${COMMENTS}`)).toHaveLength(1);
  });

  it('a 400 is never retried', async () => {
    const { host, dir, env } = await github();
    failFirst(host, (m, p) => m === 'GET' && p === COMMENTS, 5, () => ({ status: 400, body: { message: 'Problems parsing JSON' } }));
    const result = await runCli(['comment', '--plan', savePlan(dir, samplePlan())], { cwd: dir, env });
    expect(result.code).toBe(1);
    expect(calls(host).filter((c) => c === `GET ${COMMENTS}`)).toHaveLength(1);
  });
});

describe('GitHub: refusals say what to check, name the host and the pull request, never the token', () => {
  const echo = (message: string) => (call: { headers: Record<string, unknown> }) => ({ message: `${message} (sent ${String(call.headers.authorization)})` });

  it.each([
    ['403 on the POST', 'POST', 403, ['pull-requests: write', 'fork']],
    ['404 on the list', 'GET', 404, ['not found, or the token cannot see it', 'GITHUB_REPOSITORY']],
    ['422 on the POST', 'POST', 422, ['invalid', 'body is too long (maximum is 65536 characters)', '65,536']],
  ] as const)('%s', async (_name, method, status, words) => {
    const { host, dir, env } = await github();
    host.intercept = (call, url) =>
      call.method === method && url.pathname === COMMENTS
        ? {
            status,
            body:
              status === 422
                ? { message: 'Validation Failed', errors: [{ resource: 'IssueComment', field: 'body', code: 'custom', message: 'body is too long (maximum is 65536 characters)' }] }
                : echo(status === 403 ? 'Resource not accessible by integration' : 'Not Found')(call),
          }
        : undefined;
    const result = await runCli(['comment', '--plan', savePlan(dir, samplePlan())], { cwd: dir, env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`GitHub refused (pull request #42 of acme/groups): ${method} ${host.url}`);
    expect(result.stderr).toContain(`answered ${status}`);
    for (const word of words) expect(result.stderr).toContain(word);
    expect(calls(host).filter((c) => c === `${method} ${COMMENTS}`)).toHaveLength(1);
    noSecrets(result, GITHUB_TOKEN);
  });
});

describe('GitHub: what was planned', () => {
  it('names the commit (linked) and the time the plan was saved; the same plan saved later is not sent again', async () => {
    const { host, dir, env } = await github({ GITHUB_SHA: SHA });
    const plan = savePlan(dir, samplePlan());
    utimesSync(path.join(dir, plan), new Date('2026-01-02T03:04:05Z'), new Date('2026-01-02T03:04:05Z'));
    const first = await runCli(['comment', '--plan', plan], { cwd: dir, env });
    expect(first.code).toBe(0);
    const body = host.comments[0]!.body;
    expect(body).toContain(
      `<sub>Planned from commit [\`${SHA.slice(0, 12)}\`](https://github.example/acme/groups/commit/${SHA}) (head \`${HEAD.slice(0, 12)}\` merged into its base) · plan saved 2026-01-02 03:04:05 UTC</sub>`,
    );
    utimesSync(path.join(dir, plan), new Date('2026-01-02T04:00:00Z'), new Date('2026-01-02T04:00:00Z'));
    const again = await runCli(['comment', '--plan', plan], { cwd: dir, env });
    expect(again.stdout).toContain('Kept (unchanged)');
    const verify = await runCli(['comment', '--plan', plan, '--verify'], { cwd: dir, env });
    expect(verify.code).toBe(0);
  });
});

describe('GitLab', () => {
  async function gitlab(): Promise<{ host: FakeHost; dir: string; env: Record<string, string> }> {
    const host = await fakeGitlab({ project: '1234', iid: 7 });
    hosts.push(host);
    const dir = tempDir();
    const env = {
      GITLAB_CI: 'true',
      GITLAB_TOKEN,
      CI_API_V4_URL: `${host.url}/api/v4`,
      CI_PROJECT_ID: '1234',
      CI_MERGE_REQUEST_IID: '7',
      CI_COMMIT_SHA: SHA,
      CI_PROJECT_URL: 'https://gitlab.example/acme/groups',
    };
    return { host, dir, env };
  }
  const NOTES = '/api/v4/projects/1234/merge_requests/7/notes';

  it("a marker in another user's note is not edited; a note of its own, naming the commit, is made", async () => {
    const { host, dir, env } = await gitlab();
    host.comments.push({ id: 3, body: `${MARKER}\nforged`, author: 'mallory' });
    const result = await runCli(['comment', '--plan', savePlan(dir, samplePlan())], { cwd: dir, env });
    expect(result.code).toBe(0);
    expect(calls(host)).toEqual(['GET /api/v4/user', `GET ${NOTES}`, `POST ${NOTES}`]);
    expect(host.comments[0]!.body).toBe(`${MARKER}\nforged`);
    expect(host.comments[1]!.body).toContain(`Planned from commit [\`${SHA.slice(0, 12)}\`](https://gitlab.example/acme/groups/-/commit/${SHA})`);
  });

  it('a token that may not read its own user is refused, saying why', async () => {
    const { host, dir, env } = await gitlab();
    host.intercept = (_call, url) => (url.pathname === '/api/v4/user' ? { status: 403, body: { message: '403 Forbidden' } } : undefined);
    const result = await runCli(['comment', '--plan', savePlan(dir, samplePlan())], { cwd: dir, env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('GITLAB_TOKEN cannot read its own user');
    expect(result.stderr).toContain('api scope');
    expect(calls(host)).toEqual(['GET /api/v4/user']);
    noSecrets(result, GITLAB_TOKEN);
  });

  it('a 503 then success; a 404 names the merge request and what to check', async () => {
    const { host, dir, env } = await gitlab();
    failFirst(host, (m, p) => m === 'GET' && p === NOTES, 1, () => ({ status: 503, body: { message: 'try later' }, headers: { 'retry-after': '0' } }));
    const ok = await runCli(['comment', '--plan', savePlan(dir, samplePlan())], { cwd: dir, env });
    expect(ok.code).toBe(0);
    expect(host.comments).toHaveLength(1);

    host.intercept = (call, url) => (url.pathname === NOTES ? { status: 404, body: { message: `404 Not found ${String(call.headers['private-token'])}` } } : undefined);
    const missing = await runCli(['comment', '--plan', savePlan(dir, samplePlan())], { cwd: dir, env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('GitLab refused (merge request !7 of project 1234)');
    expect(missing.stderr).toContain('CI_MERGE_REQUEST_IID');
    noSecrets(missing, GITLAB_TOKEN);
  });
});

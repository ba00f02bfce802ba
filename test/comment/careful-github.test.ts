/**
 * `groupctl comment` against a GitHub that misbehaves or is hostile: a marker forged by
 * another author (never edited, never trusted by --verify), pages that never end or loop
 * or lead elsewhere, an answer that drips, 5xx and 429 (Retry-After) before success, a
 * Retry-After longer than groupctl waits, a POST that may have landed (not repeated), and
 * the worded refusals (403, 404, 422). Every run ends by itself and never prints the token.
 */
import { utimesSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeComment } from '../../src/comment/compose.js';
import { makeTestPlan, samplePlan, step } from '../render/plan-builders.js';
import { ACTIONS_BOT } from './fake-hosts.js';
import { calls, COMMENTS, count, echoing, elsewhere, ended, endlessPages, failFirst, github, GITHUB_TOKEN, HEAD, MARKER, savePlan, SHA } from './careful-setup.js';

const EDIT = '/repos/acme/groups/issues/comments';

describe('GitHub: whose comment it is', () => {
  it('a marker written by another author is never edited, and --verify never trusts its digest', async () => {
    const { host, comment } = await github();
    const forgedPlan = makeTestPlan([step.bare('dismiss', 'eng-all', '228001')]);
    const forged = composeComment(forgedPlan, { pointer: '' });
    host.comments.push({ id: 7, body: forged, author: 'mallory' });

    const before = await comment(forgedPlan, '--verify');
    ended(before, 1, GITHUB_TOKEN);
    expect(before.stderr).toContain('pull request #42 of acme/groups has no groupctl plan comment');

    const post = await comment(samplePlan());
    ended(post, 0, GITHUB_TOKEN);
    expect(post.stdout).toContain('Created the groupctl comment');
    expect(host.comments).toHaveLength(2);
    expect(host.comments[1]!.author).toBe(ACTIONS_BOT.login);

    const after = await comment(forgedPlan, '--verify');
    ended(after, 1, GITHUB_TOKEN);
    expect(after.stderr).toContain('the plan differs from the one reviewed');
    const reviewed = await comment(samplePlan(), '--verify');
    ended(reviewed, 0, GITHUB_TOKEN);
    expect(calls(host)).not.toContain(`PATCH ${EDIT}/7`);
    expect(host.comments[0]!.body).toBe(forged);
  });

  it("with a user's token, GET /user names it: the Actions bot's marker is not that user's", async () => {
    const { host, comment } = await github();
    host.userToken = true;
    host.self = { id: 5, login: 'Deploy-Bot' };
    host.comments.push({ id: 8, body: `${MARKER}\nold`, author: ACTIONS_BOT.login }, { id: 9, body: `${MARKER}\nmine`, author: 'Deploy-Bot' });
    ended(await comment(samplePlan()), 0, GITHUB_TOKEN);
    expect(calls(host)).toEqual(['GET /user', `GET ${COMMENTS}`, `PATCH ${EDIT}/9`]);
    expect(host.comments.find((c) => c.id === 8)!.body).toBe(`${MARKER}\nold`);
  });
});

describe('GitHub: bounds', () => {
  it('pages that never end: stops after 50 pages with a clear error, posts nothing', async () => {
    const { host, comment } = await github();
    endlessPages(host, COMMENTS, 'link');
    const result = await comment(samplePlan());
    ended(result, 1, GITHUB_TOKEN);
    expect(result.stderr).toContain('GitHub kept sending pages of comments on pull request #42 of acme/groups: stopped after 50 pages');
    expect(count(host, `GET ${COMMENTS}`)).toBe(50);
    expect(count(host, `POST ${COMMENTS}`)).toBe(0);
  });

  it('a next page that is the same page (a loop) stops at once', async () => {
    const { host, comment } = await github();
    host.intercept = (call, url) => (call.method === 'GET' && url.pathname === COMMENTS ? { status: 200, body: [], headers: { link: `<${url.href}>; rel="next"` } } : undefined);
    const result = await comment(samplePlan());
    ended(result, 1, GITHUB_TOKEN);
    expect(result.stderr).toContain('twice (a loop)');
    expect(count(host, `GET ${COMMENTS}`)).toBe(1);
  });

  it('a next page on another host is not followed: the token goes only to GITHUB_API_URL', async () => {
    const { host, comment } = await github();
    const other = await elsewhere();
    host.intercept = (call, url) =>
      call.method === 'GET' && url.pathname === COMMENTS ? { status: 200, body: [], headers: { link: `<${other.url}${COMMENTS}?page=2>; rel="next"` } } : undefined;
    const result = await comment(samplePlan());
    ended(result, 1, GITHUB_TOKEN);
    expect(result.stderr).toContain(`next page ${other.url}${COMMENTS}?page=2 is not on ${host.url}`);
    expect(other.calls).toEqual([]);
  });

  it('refuses to send the token over plain http to another machine, before any call', async () => {
    const { comment } = await github({ GITHUB_API_URL: 'http://api.github.example' });
    const result = await comment(samplePlan());
    ended(result, 1, GITHUB_TOKEN);
    expect(result.stderr).toContain('GITHUB_API_URL must be an https:// URL');
  });

  it('an answer that drips a byte at a time is cut by the deadline (GROUPCTL_COMMENT_TIMEOUT): the run ends, nothing is posted', async () => {
    const { host, comment } = await github({ GROUPCTL_COMMENT_TIMEOUT: '1.5' });
    host.intercept = (call, url) => (call.method === 'GET' && url.pathname === COMMENTS ? { status: 200, body: [{ id: 1, body: 'x'.repeat(500) }], dripMs: 300 } : undefined);
    const result = await comment(samplePlan());
    ended(result, 1, GITHUB_TOKEN);
    expect(result.stderr).toContain('GitHub did not answer (pull request #42 of acme/groups)');
    expect(result.stderr).toContain('no answer within the deadline of 1.5 s');
    expect(count(host, `POST ${COMMENTS}`)).toBe(0);
  });

  it('one dripping answer is cut by the per-attempt limit (half the deadline) and the call is tried again', async () => {
    const { host, comment } = await github({ GROUPCTL_COMMENT_TIMEOUT: '5' });
    failFirst(host, 'GET', COMMENTS, 1, () => ({ status: 200, body: [{ id: 1, body: 'x'.repeat(500) }], dripMs: 300 }));
    const result = await comment(samplePlan());
    ended(result, 0, GITHUB_TOKEN);
    expect(count(host, `GET ${COMMENTS}`)).toBe(2);
    expect(host.comments).toHaveLength(1);
  });

  it('refuses a GROUPCTL_COMMENT_TIMEOUT that is not a number of seconds', async () => {
    const { host, comment } = await github({ GROUPCTL_COMMENT_TIMEOUT: '10m' });
    const result = await comment(samplePlan());
    ended(result, 1, GITHUB_TOKEN);
    expect(result.stderr).toContain('GROUPCTL_COMMENT_TIMEOUT must be a number of seconds');
    expect(host.calls).toEqual([]);
  });
});

describe('GitHub: retries', () => {
  it('a 502 and a 503 on the list, then success: retried, and the comment is made once', async () => {
    const { host, comment } = await github();
    failFirst(host, 'GET', COMMENTS, 2, (_call, n) => ({ status: 501 + n, body: { message: 'Bad gateway' } }));
    const result = await comment(samplePlan());
    ended(result, 0, GITHUB_TOKEN);
    expect(result.stderr).toBe('');
    expect(count(host, `GET ${COMMENTS}`)).toBe(3);
    expect(host.comments).toHaveLength(1);
  });

  it('a 503 that never ends: gives up after 4 attempts, saying what GitHub answered', async () => {
    const { host, comment } = await github();
    failFirst(host, 'GET', COMMENTS, Infinity, () => ({ status: 503, body: { message: 'Service Unavailable' }, headers: { 'retry-after': '0' } }));
    const result = await comment(samplePlan());
    ended(result, 1, GITHUB_TOKEN);
    expect(result.stderr).toContain('answered 503: Service Unavailable');
    expect(count(host, `GET ${COMMENTS}`)).toBe(4);
  });

  it('429 with Retry-After: 1: waits that long (a retry sooner is refused again), then succeeds', async () => {
    const { host, comment } = await github();
    let limitedAt: number | undefined;
    // Like GitHub, the fake keeps refusing until the second it named has passed.
    host.intercept = (call, url) => {
      if (call.method !== 'POST' || url.pathname !== COMMENTS) return undefined;
      if (limitedAt !== undefined && Date.now() - limitedAt >= 950) return undefined;
      limitedAt ??= Date.now();
      return { status: 429, body: { message: 'You have exceeded a secondary rate limit' }, headers: { 'retry-after': '1' } };
    };
    const result = await comment(samplePlan());
    ended(result, 0, GITHUB_TOKEN);
    expect(count(host, `POST ${COMMENTS}`)).toBe(2);
    expect(host.comments).toHaveLength(1);
  });

  it('a secondary rate limit (403 with Retry-After) is retried, not taken for a refusal', async () => {
    const { host, comment } = await github();
    failFirst(host, 'POST', COMMENTS, 1, () => ({ status: 403, body: { message: 'You have exceeded a secondary rate limit' }, headers: { 'retry-after': '0' } }));
    ended(await comment(samplePlan()), 0, GITHUB_TOKEN);
    expect(count(host, `POST ${COMMENTS}`)).toBe(2);
  });

  it('a Retry-After beyond what groupctl waits fails at once, saying so', async () => {
    const { host, comment } = await github();
    host.comments.push({ id: 5, body: `${MARKER}\nold`, author: ACTIONS_BOT.login });
    failFirst(host, 'PATCH', `${EDIT}/5`, 1, () => ({ status: 429, body: { message: 'slow down' }, headers: { 'retry-after': '3600' } }));
    const result = await comment(samplePlan());
    ended(result, 1, GITHUB_TOKEN);
    expect(result.stderr).toContain('answered 429: slow down (it asks to wait 3600 s, more than the 10 s groupctl waits)');
    expect(count(host, `PATCH ${EDIT}/5`)).toBe(1);
  });

  it('a 500 on the POST is not repeated: the comment may have been made, and a second would be a duplicate', async () => {
    const { host, comment } = await github();
    failFirst(host, 'POST', COMMENTS, 1, () => ({ status: 500, body: { message: 'Server Error' } }));
    const result = await comment(samplePlan());
    ended(result, 1, GITHUB_TOKEN);
    expect(result.stderr).toContain('answered 500');
    expect(count(host, `POST ${COMMENTS}`)).toBe(1);
  });

  it('a 400 is never retried', async () => {
    const { host, comment } = await github();
    failFirst(host, 'GET', COMMENTS, 5, () => ({ status: 400, body: { message: 'Problems parsing JSON' } }));
    ended(await comment(samplePlan()), 1, GITHUB_TOKEN);
    expect(count(host, `GET ${COMMENTS}`)).toBe(1);
  });
});

describe('GitHub: refusals say what to do, name the host and the pull request, never the token', () => {
  const tooLong = { message: 'Validation Failed', errors: [{ resource: 'IssueComment', field: 'body', code: 'custom', message: 'body is too long (maximum is 65536 characters)' }] };
  it.each([
    ['403 on the POST', 'POST', 403, ['may not write comments', 'permissions: pull-requests: write', 'fork', 'workflow_run']],
    ['404 on the list', 'GET', 404, ['not found, or the token cannot see it', 'check GITHUB_REPOSITORY, --pr and the token']],
    ['422 on the POST', 'POST', 422, ['found the request invalid', 'body is too long (maximum is 65536 characters)', 'under 65,536 characters']],
  ] as const)('%s', async (_name, method, status, words) => {
    const { host, comment } = await github();
    failFirst(host, method, COMMENTS, 1, (call) => (status === 422 ? { status, body: tooLong } : echoing(status, status === 403 ? 'Resource not accessible by integration' : 'Not Found', call)));
    const result = await comment(samplePlan());
    ended(result, 1, GITHUB_TOKEN);
    expect(result.stderr).toContain(`GitHub refused (pull request #42 of acme/groups): ${method} ${host.url}${COMMENTS}`);
    expect(result.stderr).toContain(`answered ${status}`);
    for (const word of words) expect(result.stderr).toContain(word);
    expect(count(host, `${method} ${COMMENTS}`)).toBe(1);
  });
});

describe('GitHub: what was planned', () => {
  it('names the commit (linked) and the time the plan was saved; the same plan saved later is not sent again', async () => {
    const { host, dir, comment } = await github({ GITHUB_SHA: SHA });
    const plan = savePlan(dir, samplePlan());
    const touch = (iso: string): void => utimesSync(path.join(dir, plan), new Date(iso), new Date(iso));
    touch('2026-01-02T03:04:05Z');
    ended(await comment(plan), 0, GITHUB_TOKEN);
    expect(host.comments[0]!.body).toContain(
      `<sub>Planned from commit [\`${SHA.slice(0, 12)}\`](https://github.example/acme/groups/commit/${SHA}) (head \`${HEAD.slice(0, 12)}\` merged into its base) · plan saved 2026-01-02 03:04:05 UTC</sub>`,
    );
    touch('2026-01-02T04:00:00Z');
    const again = await comment(plan);
    expect(again.stdout).toContain('Kept (unchanged)');
    expect(count(host, `PATCH ${EDIT}/${host.comments[0]!.id}`)).toBe(0);
    ended(await comment(plan, '--verify'), 0, GITHUB_TOKEN);
  });
});

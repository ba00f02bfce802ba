/**
 * `groupctl comment` against a GitLab that misbehaves or is hostile: a marker in another
 * user's note, a token that cannot say whose it is, X-Next-Page that never ends, an answer
 * that drips, 5xx and 429 (Retry-After) before success, a Retry-After longer than groupctl
 * waits, and the worded refusals (403, 404, 422). Every run ends by itself and never
 * prints the token.
 */
import { describe, expect, it } from 'vitest';
import { composeComment } from '../../src/comment/compose.js';
import { makeTestPlan, samplePlan, step } from '../render/plan-builders.js';
import { calls, count, echoing, ended, endlessPages, failFirst, gitlab, GITLAB_TOKEN, MARKER, NOTES, SHA } from './careful-setup.js';

const BOT = 'project_1234_bot_0a1b2c';

describe('GitLab: whose note it is', () => {
  it("a marker in another user's note is not edited nor trusted by --verify; a note of its own, naming the commit, is made", async () => {
    const { host, comment } = await gitlab();
    const forgedPlan = makeTestPlan([step.bare('dismiss', 'eng-all', '228001')]);
    const forged = composeComment(forgedPlan, { pointer: '' });
    host.comments.push({ id: 3, body: forged, author: 'mallory' });

    const before = await comment(forgedPlan, '--verify');
    ended(before, 1, GITLAB_TOKEN);
    expect(before.stderr).toContain('merge request !7 of project 1234 has no groupctl plan comment');

    host.calls.length = 0;
    ended(await comment(samplePlan()), 0, GITLAB_TOKEN);
    expect(calls(host)).toEqual(['GET /api/v4/user', `GET ${NOTES}`, `POST ${NOTES}`]);
    expect(host.comments[1]!.author).toBe(BOT);
    expect(host.comments[1]!.body).toContain(`Planned from commit [\`${SHA.slice(0, 12)}\`](https://gitlab.example/acme/groups/-/commit/${SHA})`);

    ended(await comment(forgedPlan, '--verify'), 1, GITLAB_TOKEN);
    ended(await comment(samplePlan(), '--verify'), 0, GITLAB_TOKEN);
    expect(calls(host)).not.toContain(`PUT ${NOTES}/3`);
    expect(host.comments[0]!.body).toBe(forged);
  });

  it('a token that may not read its own user is refused, saying why, before any note is read', async () => {
    const { host, comment } = await gitlab();
    failFirst(host, 'GET', '/api/v4/user', 1, (call) => echoing(403, '403 Forbidden', call));
    const result = await comment(samplePlan());
    ended(result, 1, GITLAB_TOKEN);
    expect(result.stderr).toContain('GITLAB_TOKEN cannot read its own user');
    expect(result.stderr).toContain('api scope');
    expect(calls(host)).toEqual(['GET /api/v4/user']);
  });
});

describe('GitLab: bounds', () => {
  it('X-Next-Page that never ends: stops after 50 pages with a clear error, posts nothing', async () => {
    const { host, comment } = await gitlab();
    endlessPages(host, NOTES, 'x-next-page');
    const result = await comment(samplePlan());
    ended(result, 1, GITLAB_TOKEN);
    expect(result.stderr).toContain('GitLab kept sending pages of comments on merge request !7 of project 1234: stopped after 50 pages');
    expect(count(host, `GET ${NOTES}`)).toBe(50);
    expect(count(host, `POST ${NOTES}`)).toBe(0);
  });

  it('an answer that drips a byte at a time is cut by the deadline: the run ends, nothing is posted', async () => {
    const { host, comment } = await gitlab({ GROUPCTL_COMMENT_TIMEOUT: '1.5' });
    host.intercept = (call, url) => (call.method === 'GET' && url.pathname === NOTES ? { status: 200, body: [{ id: 1, body: 'x'.repeat(500) }], dripMs: 300 } : undefined);
    const result = await comment(samplePlan());
    ended(result, 1, GITLAB_TOKEN);
    expect(result.stderr).toContain('GitLab did not answer (merge request !7 of project 1234)');
    expect(result.stderr).toContain('no answer within the deadline of 1.5 s');
    expect(count(host, `POST ${NOTES}`)).toBe(0);
  });
});

describe('GitLab: retries', () => {
  it('a 503 then success: retried, and the note is made once', async () => {
    const { host, comment } = await gitlab();
    failFirst(host, 'GET', NOTES, 1, () => ({ status: 503, body: { message: 'try later' }, headers: { 'retry-after': '0' } }));
    ended(await comment(samplePlan()), 0, GITLAB_TOKEN);
    expect(count(host, `GET ${NOTES}`)).toBe(2);
    expect(host.comments).toHaveLength(1);
  });

  it('429 with Retry-After on the edit: waits, then succeeds; one longer than groupctl waits fails at once, saying so', async () => {
    const { host, comment } = await gitlab();
    host.comments.push({ id: 4, body: `${MARKER}\nold`, author: BOT });
    failFirst(host, 'PUT', `${NOTES}/4`, 1, () => ({ status: 429, body: { message: 'Retry later' }, headers: { 'retry-after': '1' } }));
    ended(await comment(samplePlan()), 0, GITLAB_TOKEN);
    expect(count(host, `PUT ${NOTES}/4`)).toBe(2);
    expect(host.comments[0]!.body).toContain('### groupctl plan');

    host.calls.length = 0;
    failFirst(host, 'PUT', `${NOTES}/4`, 1, () => ({ status: 429, body: { message: 'Retry later' }, headers: { 'retry-after': '120' } }));
    const tooLong = await comment(makeTestPlan([step.user('add-member', 'eng-all', '228001', 'frank')]));
    ended(tooLong, 1, GITLAB_TOKEN);
    expect(tooLong.stderr).toContain('answered 429: Retry later (it asks to wait 120 s, more than the 10 s groupctl waits)');
    expect(count(host, `PUT ${NOTES}/4`)).toBe(1);
  });
});

describe('GitLab: refusals say what to do, name the merge request, never the token', () => {
  it.each([
    ['403 on the POST', 'POST', 403, ['may not write notes', 'api scope', 'Reporter role']],
    ['404 on the list', 'GET', 404, ['not found, or the token cannot see it', 'CI_PROJECT_ID, CI_MERGE_REQUEST_IID (or --pr)']],
    ['422 on the POST', 'POST', 422, ['found the note invalid', 'Note is too long', 'must not be empty or longer than the instance allows']],
  ] as const)('%s', async (_name, method, status, words) => {
    const { host, comment } = await gitlab();
    failFirst(host, method, NOTES, 1, (call) =>
      status === 422 ? { status, body: { message: { note: ['Note is too long (maximum is 1000000 characters)'] } } } : echoing(status, `${status} refused`, call),
    );
    const result = await comment(samplePlan());
    ended(result, 1, GITLAB_TOKEN);
    expect(result.stderr).toContain(`GitLab refused (merge request !7 of project 1234): ${method} ${host.url}${NOTES}`);
    expect(result.stderr).toContain(`answered ${status}`);
    for (const word of words) expect(result.stderr).toContain(word);
    expect(count(host, `${method} ${NOTES}`)).toBe(1);
  });
});

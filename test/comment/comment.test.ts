/**
 * `groupctl comment` against a fake GitHub and a fake GitLab on loopback: the exact calls
 * (method, path, headers, body) for one comment created and then edited, a comment found
 * on the second page, the length cap, no pull-request context, a refusal, and the token
 * never printed.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderJson } from '../../src/render/index.js';
import type { Plan } from '../../src/plan/types.js';
import { runCli, tempDir, type CliResult } from '../helpers/cli.js';
import { makeTestPlan, samplePlan, step } from '../render/plan-builders.js';
import { ACTIONS_BOT, fakeGithub, fakeGitlab, type FakeHost, type StoredComment } from './fake-hosts.js';

const GITHUB_TOKEN = 'ghs_fakeTokenA1b2C3d4E5f6';
const GITLAB_TOKEN = 'glpat-fakeToken-9z8y7x6w';
const MARKER = '<!-- groupctl:plan -->';
/** GitHub: who the token is. A job's GITHUB_TOKEN may not read /user; GraphQL viewer names its bot. */
const GH_WHOAMI = ['GET /user', 'POST /graphql'];
const GL_WHOAMI = ['GET /api/v4/user'];

const hosts: FakeHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

function savePlan(dir: string, plan: Plan, name = 'plan.json'): string {
  const file = path.join(dir, name);
  writeFileSync(file, renderJson(plan));
  return name;
}

function noSecrets(result: CliResult, token: string): void {
  expect(result.stdout + result.stderr).not.toContain(token);
}

/** Comments by other people, to push ours past the first page. */
function chatter(count: number): StoredComment[] {
  return Array.from({ length: count }, (_, i) => ({ id: 100 + i, body: `LGTM ${i}` }));
}

/** A plan too long for one comment: 3,000 groups created with members. */
function hugePlan(): Plan {
  const members = Array.from({ length: 20 }, (_, i) => `member-${i}`);
  return makeTestPlan(Array.from({ length: 3000 }, (_, i) => step.create(`team-${String(i).padStart(4, '0')}`, 'alice', { name: `Team ${i}` }, members)));
}

describe('GitHub', () => {
  const repository = 'acme/groups';

  async function github(options: { pageSize?: number; mergeSha?: string } = {}): Promise<{ host: FakeHost; dir: string; env: Record<string, string> }> {
    const host = await fakeGithub({ repository, pr: 42, ...options });
    hosts.push(host);
    const dir = tempDir({ 'event.json': JSON.stringify({ action: 'synchronize', number: 42, pull_request: { number: 42 } }) });
    const env = {
      GITHUB_TOKEN,
      GITHUB_REPOSITORY: repository,
      GITHUB_EVENT_PATH: path.join(dir, 'event.json'),
      GITHUB_API_URL: host.url,
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_RUN_ID: '777',
    };
    return { host, dir, env };
  }

  it('creates one comment on the first run and edits that same comment on the next', async () => {
    const { host, dir, env } = await github();
    const first = await runCli(['comment', '--plan', savePlan(dir, samplePlan())], { cwd: dir, env });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Created the groupctl comment on pull request #42 of acme\/groups \(comment \d+/);
    expect(host.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      ...GH_WHOAMI,
      'GET /repos/acme/groups/issues/42/comments?per_page=100',
      'POST /repos/acme/groups/issues/42/comments',
    ]);
    expect(host.calls[1]!.body).toEqual({ query: 'query { viewer { login databaseId } }' });
    for (const call of host.calls) {
      expect(call.headers).toMatchObject({
        authorization: `Bearer ${GITHUB_TOKEN}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
      });
      expect(call.headers['user-agent']).toMatch(/^groupctl\//);
    }
    expect(host.calls[3]!.headers['content-type']).toBe('application/json');
    const created = (host.calls[3]!.body as { body: string }).body;
    expect(Object.keys(host.calls[3]!.body as object)).toEqual(['body']);
    expect(created.startsWith(`${MARKER}\n<!-- groupctl:digest sha256:`)).toBe(true);
    expect(created).toContain('### groupctl plan');
    expect(created).toContain('eng-all');

    host.calls.length = 0;
    const changed = makeTestPlan([step.user('add-member', 'eng-all', '228001', 'frank')]);
    const second = await runCli(['comment', '--plan', savePlan(dir, changed)], { cwd: dir, env });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Updated the groupctl comment on pull request #42');
    const id = host.comments[0]!.id;
    expect(host.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      ...GH_WHOAMI,
      'GET /repos/acme/groups/issues/42/comments?per_page=100',
      `PATCH /repos/acme/groups/issues/comments/${id}`,
    ]);
    expect(host.comments).toHaveLength(1);
    expect(host.comments[0]!.body).toContain('frank');
    expect(host.comments[0]!.body).not.toContain('design');
    noSecrets(first, GITHUB_TOKEN);
    noSecrets(second, GITHUB_TOKEN);
  });

  it('finds its comment on the second page (Link rel="next") and edits it; a quoted marker is not ours', async () => {
    const { host, dir, env } = await github();
    host.comments.push(
      { id: 1, body: `> ${MARKER}\n> quoted by a reviewer` },
      ...chatter(120),
      { id: 5000, body: `${MARKER}\nold plan`, author: ACTIONS_BOT.login },
      ...chatter(10),
    );
    const result = await runCli(['comment', '--plan', savePlan(dir, samplePlan())], { cwd: dir, env });
    expect(result.code).toBe(0);
    expect(host.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      ...GH_WHOAMI,
      'GET /repos/acme/groups/issues/42/comments?per_page=100',
      'GET /repos/acme/groups/issues/42/comments?per_page=100&page=2',
      'PATCH /repos/acme/groups/issues/comments/5000',
    ]);
    expect(host.comments.find((c) => c.id === 5000)!.body).toContain('### groupctl plan');
    expect(host.comments.find((c) => c.id === 1)!.body).toContain('quoted by a reviewer');
  });

  it('keeps a long plan under 65,536 characters, with a note pointing at the job summary', async () => {
    const { host, dir, env } = await github();
    const result = await runCli(['comment', '--plan', savePlan(dir, hugePlan())], { cwd: dir, env });
    expect(result.code).toBe(0);
    const body = host.comments[0]!.body;
    expect(body.length).toBeLessThan(65_536);
    expect(body.length).toBeGreaterThan(50_000);
    expect(body).toContain('The plan is too long for one comment and was shortened.');
    expect(body).toContain('[job summary](https://github.example/acme/groups/actions/runs/777)');
    expect(body).toMatch(/more groups? not shown/);
  });

  it('on a push to main finds the merged pull request by the commit, and adds a note above the plan', async () => {
    const { host, dir, env } = await github({ mergeSha: 'abc123' });
    const push = tempDir({ 'event.json': JSON.stringify({ ref: 'refs/heads/main', after: 'abc123' }) });
    const result = await runCli(['comment', '--plan', savePlan(dir, samplePlan()), '--note', 'Not applied: the saved plan is stale.'], {
      cwd: dir,
      env: { ...env, GITHUB_EVENT_PATH: path.join(push, 'event.json'), GITHUB_SHA: 'abc123' },
    });
    expect(result.code).toBe(0);
    expect(host.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /repos/acme/groups/commits/abc123/pulls',
      ...GH_WHOAMI,
      'GET /repos/acme/groups/issues/42/comments?per_page=100',
      'POST /repos/acme/groups/issues/42/comments',
    ]);
    expect(host.comments[0]!.body).toContain('> Not applied: the saved plan is stale.\n');
  });

  it('--verify: exit 0 for the reviewed plan; for another, exit 1 and a note above the reviewed plan, which stays', async () => {
    const { host, dir, env } = await github();
    await runCli(['comment', '--plan', savePlan(dir, samplePlan())], { cwd: dir, env });
    const reviewed = host.comments[0]!.body;
    host.calls.length = 0;
    const same = await runCli(['comment', '--plan', savePlan(dir, samplePlan(), 'again.json'), '--verify'], { cwd: dir, env });
    expect(same.stdout).toContain('The plan is the one reviewed on pull request #42');
    expect(same.code).toBe(0);
    expect(host.calls.map((c) => c.method)).toEqual(['GET', 'POST', 'GET']);

    const otherPlan = savePlan(dir, makeTestPlan([step.bare('dismiss', 'eng-all', '228001')]), 'other.json');
    for (const attempt of [1, 2]) {
      host.calls.length = 0;
      const other = await runCli(['comment', '--plan', otherPlan, '--verify'], { cwd: dir, env });
      expect(other.code, `attempt ${attempt}`).toBe(1);
      expect(other.stderr).toContain('the plan differs from the one reviewed on pull request #42');
      expect(host.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
        ...GH_WHOAMI,
        'GET /repos/acme/groups/issues/42/comments?per_page=100',
        `PATCH /repos/acme/groups/issues/comments/${host.comments[0]!.id}`,
      ]);
      const noted = host.comments[0]!.body;
      expect(noted).toContain('> ⚠️ Not applied: the plan made after the merge');
      // The reviewed plan and its digest are kept: only the note was added, once.
      expect(noted.replace(/^> .*\n\n/m, '')).toBe(reviewed);
    }
  });

  it('refuses with exit 1 and says what to check on a 403; the token is never printed', async () => {
    const { host, dir, env } = await github();
    host.refuse = 403;
    const result = await runCli(['comment', '--plan', savePlan(dir, samplePlan())], { cwd: dir, env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('GitHub refused');
    expect(result.stderr).toContain('403');
    expect(result.stderr).toContain('pull-requests: write');
    noSecrets(result, GITHUB_TOKEN);
  });

  it('stops with exit 1 without a pull request: a push event with no merged pull request, or no CI at all', async () => {
    const { dir, env } = await github();
    const push = tempDir({ 'event.json': JSON.stringify({ ref: 'refs/heads/main' }) });
    const plan = savePlan(dir, samplePlan());
    const noPr = await runCli(['comment', '--plan', plan], { cwd: dir, env: { ...env, GITHUB_EVENT_PATH: path.join(push, 'event.json') } });
    expect(noPr.code).toBe(1);
    expect(noPr.stderr).toContain('no pull request to comment on');
    const noCi = await runCli(['comment', '--plan', plan], { cwd: dir, env: {} });
    expect(noCi.code).toBe(1);
    expect(noCi.stderr).toContain('no pull request to comment on');
    expect(noCi.stderr).toContain('GITHUB_EVENT_PATH');
    const noToken = await runCli(['comment', '--plan', plan], { cwd: dir, env: { ...env, GITHUB_TOKEN: '' } });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('GITHUB_TOKEN is not set');
  });
});

describe('GitLab', () => {
  const project = '1234';

  async function gitlab(options: { mergeSha?: string } = {}): Promise<{ host: FakeHost; dir: string; env: Record<string, string> }> {
    const host = await fakeGitlab({ project, iid: 7, ...options });
    hosts.push(host);
    const dir = tempDir();
    const env = {
      GITLAB_CI: 'true',
      GITLAB_TOKEN,
      CI_API_V4_URL: `${host.url}/api/v4`,
      CI_PROJECT_ID: project,
      CI_MERGE_REQUEST_IID: '7',
      CI_JOB_URL: 'https://gitlab.example/acme/groups/-/jobs/55',
    };
    return { host, dir, env };
  }

  it('creates one note on the first run and edits that same note on the next', async () => {
    const { host, dir, env } = await gitlab();
    const first = await runCli(['comment', '--plan', savePlan(dir, samplePlan())], { cwd: dir, env });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Created the groupctl comment on merge request !7 of project 1234');
    expect(host.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      ...GL_WHOAMI,
      'GET /api/v4/projects/1234/merge_requests/7/notes?sort=asc&order_by=created_at&per_page=100',
      'POST /api/v4/projects/1234/merge_requests/7/notes',
    ]);
    for (const call of host.calls) {
      expect(call.headers['private-token']).toBe(GITLAB_TOKEN);
      expect(call.headers.authorization).toBeUndefined();
    }
    expect(host.calls[2]!.headers['content-type']).toBe('application/json');
    expect(Object.keys(host.calls[2]!.body as object)).toEqual(['body']);
    expect((host.calls[2]!.body as { body: string }).body.startsWith(MARKER)).toBe(true);

    host.calls.length = 0;
    const second = await runCli(['comment', '--plan', savePlan(dir, makeTestPlan([step.user('add-member', 'eng-all', '228001', 'frank')]))], { cwd: dir, env });
    expect(second.code).toBe(0);
    const id = host.comments[0]!.id;
    expect(host.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      ...GL_WHOAMI,
      'GET /api/v4/projects/1234/merge_requests/7/notes?sort=asc&order_by=created_at&per_page=100',
      `PUT /api/v4/projects/1234/merge_requests/7/notes/${id}`,
    ]);
    expect(host.comments).toHaveLength(1);
    expect(host.comments[0]!.body).toContain('frank');
    noSecrets(first, GITLAB_TOKEN);
    noSecrets(second, GITLAB_TOKEN);
  });

  it('finds its note on the second page (X-Next-Page); system notes are skipped', async () => {
    const { host, dir, env } = await gitlab();
    host.comments.push({ id: 1, body: `${MARKER} in a system note`, system: true }, ...chatter(105), { id: 6000, body: `${MARKER}\nold`, author: host.self.login });
    const result = await runCli(['comment', '--plan', savePlan(dir, samplePlan())], { cwd: dir, env });
    expect(result.code).toBe(0);
    expect(host.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      ...GL_WHOAMI,
      'GET /api/v4/projects/1234/merge_requests/7/notes?sort=asc&order_by=created_at&per_page=100',
      'GET /api/v4/projects/1234/merge_requests/7/notes?sort=asc&order_by=created_at&per_page=100&page=2',
      'PUT /api/v4/projects/1234/merge_requests/7/notes/6000',
    ]);
  });

  it('keeps a long plan under 65,536 characters, pointing at the job artifacts', async () => {
    const { host, dir, env } = await gitlab();
    const result = await runCli(['comment', '--plan', savePlan(dir, hugePlan())], { cwd: dir, env });
    expect(result.code).toBe(0);
    const body = host.comments[0]!.body;
    expect(body.length).toBeLessThan(65_536);
    expect(body).toContain('[job\'s artifacts](https://gitlab.example/acme/groups/-/jobs/55/artifacts/browse)');
  });

  it('on the default branch finds the merged merge request by the commit', async () => {
    const { host, dir, env } = await gitlab({ mergeSha: 'def456' });
    const result = await runCli(['comment', '--plan', savePlan(dir, samplePlan())], { cwd: dir, env: { ...env, CI_MERGE_REQUEST_IID: '', CI_COMMIT_SHA: 'def456' } });
    expect(result.code).toBe(0);
    expect(host.calls[0]!.path).toBe('/api/v4/projects/1234/repository/commits/def456/merge_requests');
    expect(host.comments).toHaveLength(1);
  });

  it('refuses with exit 1 and says what to check on a 403; the token is never printed', async () => {
    const { host, dir, env } = await gitlab();
    host.refuse = 403;
    const result = await runCli(['comment', '--plan', savePlan(dir, samplePlan())], { cwd: dir, env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('GitLab refused');
    expect(result.stderr).toContain('403');
    expect(result.stderr).toContain('api scope');
    noSecrets(result, GITLAB_TOKEN);
  });
});

describe('the plan file', () => {
  it('must be a groupctl plan', async () => {
    const dir = tempDir({ 'notes.json': '{"hello": 1}' });
    const result = await runCli(['comment', '--plan', 'notes.json'], { cwd: dir, env: { GITHUB_REPOSITORY: 'a/b', GITHUB_TOKEN } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('notes.json is not a groupctl plan');
  });

  it('is decoded as apply --plan decodes it: a plan spoiled by hand is refused with its problems located, and nothing is posted', async () => {
    const host = await fakeGitlab({ project: '1234', iid: 7 });
    hosts.push(host);
    const dir = tempDir();
    const plan = JSON.parse(renderJson(samplePlan())) as { steps: { details: Record<string, unknown> }[] };
    plan.steps[0]!.details.surprise = true;
    writeFileSync(path.join(dir, 'plan.spoiled.json'), JSON.stringify(plan));
    const env = { GITLAB_CI: 'true', GITLAB_TOKEN, CI_API_V4_URL: `${host.url}/api/v4`, CI_PROJECT_ID: '1234', CI_MERGE_REQUEST_IID: '7' };
    const result = await runCli(['comment', '--plan', 'plan.spoiled.json'], { cwd: dir, env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/plan\.spoiled\.json is not a groupctl plan \(format_version \d+\):\n {2}- plan\.spoiled\.json: steps\[0\]\.details/);
    expect(host.calls).toEqual([]);
  });
});

/**
 * GitHub: pull-request comments are issue comments (REST "Issue comments": list
 * `GET /repos/{owner}/{repo}/issues/{number}/comments`, create `POST` there, update
 * `PATCH /repos/{owner}/{repo}/issues/comments/{id}`), paginated by the Link header.
 */
import { readFileSync } from 'node:fs';
import { checkApiUrl, CommentApiError, createHttpClient, type HttpClient, nextLink } from './http.js';
import type { Comment, CommentThread } from './sticky.js';
import { decodeComments, decodeComment, sameOrigin } from './decode.js';

export interface GithubContext {
  /** GITHUB_API_URL without a trailing slash (GHES: https://HOST/api/v3). */
  api: string;
  /** `owner/repo`, from GITHUB_REPOSITORY. */
  repository: string;
  token: string;
  /** The pull request: --pr, else the event's. */
  number?: number;
  /** GITHUB_SHA: on a push, the merged pull request is looked up by it. */
  sha?: string;
  /** The run's page, where the job summary is. */
  runUrl?: string;
}

export function githubContext(env: NodeJS.ProcessEnv, pr: number | undefined): GithubContext {
  const token = env.GITHUB_TOKEN ?? '';
  if (token === '') {
    throw new CommentApiError('GITHUB_TOKEN is not set: pass it to the step (env: GITHUB_TOKEN: ${{ github.token }}).', 0);
  }
  const repository = env.GITHUB_REPOSITORY ?? '';
  if (!/^[^/\s]+\/[^/\s]+$/.test(repository)) throw new CommentApiError(`GITHUB_REPOSITORY must be owner/repo, got "${repository}"`, 0);
  const api = checkApiUrl(env.GITHUB_API_URL || 'https://api.github.com', 'GITHUB_API_URL').href.replace(/\/$/, '');
  const server = env.GITHUB_SERVER_URL || 'https://github.com';
  return {
    api,
    repository,
    token,
    number: pr ?? prOfEvent(env.GITHUB_EVENT_PATH),
    sha: env.GITHUB_SHA || undefined,
    runUrl: env.GITHUB_RUN_ID ? `${server}/${repository}/actions/runs/${env.GITHUB_RUN_ID}` : undefined,
  };
}

/** The pull request of a pull_request / pull_request_target event, or of a comment on one. */
function prOfEvent(file: string | undefined): number | undefined {
  if (!file) return undefined;
  let event: { pull_request?: { number?: unknown }; issue?: { number?: unknown; pull_request?: unknown } };
  try {
    event = JSON.parse(readFileSync(file, 'utf8')) as typeof event;
  } catch (e) {
    throw new CommentApiError(`cannot read the event file GITHUB_EVENT_PATH=${file}: ${(e as Error).message}`, 0, { cause: e });
  }
  const n = event?.pull_request?.number ?? (event?.issue?.pull_request ? event.issue.number : undefined);
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}

export function githubHttp(ctx: GithubContext, version: string): HttpClient {
  return createHttpClient(
    {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${ctx.token}`,
      'x-github-api-version': '2022-11-28',
      'user-agent': `groupctl/${version}`,
    },
    ctx.token,
  );
}

/**
 * The pull request to comment on: the event's or --pr; on a push (a merge), the pull
 * request that commit belongs to (`GET /repos/{owner}/{repo}/commits/{sha}/pulls`).
 */
export async function githubPullRequest(ctx: GithubContext, http: HttpClient): Promise<number | undefined> {
  if (ctx.number !== undefined) return ctx.number;
  if (ctx.sha === undefined) return undefined;
  const { json } = await http.send('GET', `${ctx.api}/repos/${ctx.repository}/commits/${encodeURIComponent(ctx.sha)}/pulls`);
  if (!Array.isArray(json)) throw new CommentApiError(`GitHub answered the pull requests of ${ctx.sha} with something that is not a list`, 200);
  const pulls = json as Array<{ number?: unknown; merge_commit_sha?: unknown }>;
  const pick = pulls.find((p) => p?.merge_commit_sha === ctx.sha) ?? pulls[0];
  return typeof pick?.number === 'number' ? pick.number : undefined;
}

export function githubThread(ctx: GithubContext, http: HttpClient, number: number): CommentThread {
  const issue = `${ctx.api}/repos/${ctx.repository}/issues/${number}`;
  return {
    where: `pull request #${number} of ${ctx.repository}`,
    async *pages(): AsyncIterable<Comment[]> {
      let url: string | undefined = `${issue}/comments?per_page=100`;
      while (url !== undefined) {
        const { json, headers } = await http.send('GET', url);
        yield decodeComments(json, 'GitHub');
        url = nextLink(headers.link);
        // The token goes only where GITHUB_API_URL points.
        if (url !== undefined && !sameOrigin(url, ctx.api)) throw new CommentApiError(`GitHub's next page ${url} is not on ${ctx.api}`, 0);
      }
    },
    async create(body) {
      return decodeComment((await http.send('POST', `${issue}/comments`, { body })).json, 'GitHub');
    },
    async update(id, body) {
      return decodeComment((await http.send('PATCH', `${ctx.api}/repos/${ctx.repository}/issues/comments/${id}`, { body })).json, 'GitHub');
    },
  };
}

/** What to check when GitHub refuses. */
export function githubHint(status: number): string {
  if (status === 401) return 'GITHUB_TOKEN was not accepted: pass the job token (env: GITHUB_TOKEN: ${{ github.token }}).';
  if (status === 403 || status === 404) {
    return (
      'Check that the job has "permissions: pull-requests: write" (and issues: write), and that the pull request ' +
      'is not from a fork: a fork\'s pull_request run gets a read-only GITHUB_TOKEN.'
    );
  }
  return '';
}

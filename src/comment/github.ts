/**
 * GitHub: pull-request comments are issue comments (REST "Issue comments": list
 * `GET /repos/{owner}/{repo}/issues/{number}/comments`, create `POST` there, update
 * `PATCH /repos/{owner}/{repo}/issues/comments/{id}`), paginated by the Link header.
 */
import { readFileSync } from 'node:fs';
import { checkApiUrl, CommentApiError, createHttpClient, type HttpClient, type HttpLimits, nextLink } from './http.js';
import { type Comment, type CommentThread, type Identity, MAX_PAGES } from './sticky.js';
import { boundedPages, decodeComments, decodeComment, decodeUser } from './decode.js';
import { commitOf, type Planned } from './stamp.js';

export interface GithubContext {
  /** GITHUB_API_URL without a trailing slash (GHES: https://HOST/api/v3). */
  api: string;
  /** GITHUB_GRAPHQL_URL, else derived from `api` (GHES: https://HOST/api/graphql). */
  graphql: string;
  /** `owner/repo`, from GITHUB_REPOSITORY. */
  repository: string;
  token: string;
  /** The pull request: --pr, else the event's. */
  number?: number;
  /** GITHUB_SHA: on a push, the merged pull request is looked up by it. */
  sha?: string;
  /** The run's page, where the job summary is. */
  runUrl?: string;
  /** The commit planned (GITHUB_SHA) and, on a pull_request event, the head it merges. */
  planned: Planned;
}

export function githubContext(env: NodeJS.ProcessEnv, pr: number | undefined): GithubContext {
  const token = env.GITHUB_TOKEN ?? '';
  if (token === '') {
    throw new CommentApiError('GITHUB_TOKEN is not set: pass it to the step (env: GITHUB_TOKEN: ${{ github.token }}).', 0);
  }
  const repository = env.GITHUB_REPOSITORY ?? '';
  if (!/^[^/\s]+\/[^/\s]+$/.test(repository)) throw new CommentApiError(`GITHUB_REPOSITORY must be owner/repo, got "${repository}"`, 0);
  const api = checkApiUrl(env.GITHUB_API_URL || 'https://api.github.com', 'GITHUB_API_URL').href.replace(/\/$/, '');
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/$/, '');
  const event = readEvent(env.GITHUB_EVENT_PATH);
  const sha = commitOf(env.GITHUB_SHA);
  return {
    api,
    graphql: env.GITHUB_GRAPHQL_URL ? checkApiUrl(env.GITHUB_GRAPHQL_URL, 'GITHUB_GRAPHQL_URL').href : graphqlOf(api),
    repository,
    token,
    number: pr ?? event.number,
    sha: env.GITHUB_SHA || undefined,
    runUrl: env.GITHUB_RUN_ID ? `${server}/${repository}/actions/runs/${env.GITHUB_RUN_ID}` : undefined,
    planned: { sha, head: event.head, ...(sha ? { commitUrl: `${server}/${repository}/commit/${sha}` } : {}) },
  };
}

function graphqlOf(api: string): string {
  return api.endsWith('/api/v3') ? `${api.slice(0, -'/v3'.length)}/graphql` : `${api}/graphql`;
}

/** The pull request of a pull_request / pull_request_target event (or of a comment on one), and its head commit. */
function readEvent(file: string | undefined): { number?: number; head?: string } {
  if (!file) return {};
  let event: { pull_request?: { number?: unknown; head?: { sha?: unknown } }; issue?: { number?: unknown; pull_request?: unknown } };
  try {
    event = JSON.parse(readFileSync(file, 'utf8')) as typeof event;
  } catch (e) {
    throw new CommentApiError(`cannot read the event file GITHUB_EVENT_PATH=${file}: ${(e as Error).message}`, 0, { cause: e });
  }
  const n = event?.pull_request?.number ?? (event?.issue?.pull_request ? event.issue.number : undefined);
  const head = event?.pull_request?.head?.sha;
  return {
    ...(typeof n === 'number' && Number.isInteger(n) && n > 0 ? { number: n } : {}),
    ...(typeof head === 'string' && commitOf(head) ? { head: commitOf(head) } : {}),
  };
}

export function githubHttp(ctx: GithubContext, version: string, limits?: HttpLimits): HttpClient {
  return createHttpClient(
    {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${ctx.token}`,
      'x-github-api-version': '2022-11-28',
      'user-agent': `groupctl/${version}`,
    },
    ctx.token,
    limits,
  );
}

/** The bot that writes comments with the job's GITHUB_TOKEN, when GitHub cannot tell us. */
const ACTIONS_BOT: Identity = { id: '41898282', login: 'github-actions[bot]' };

/**
 * Whose token this is. A user's token (classic or fine-grained) reads `GET /user`. An
 * installation token (the job's GITHUB_TOKEN, a GitHub App's) gets 403 there ("Resource
 * not accessible by integration"), and `GET /app` wants the app's JWT, not this token;
 * GraphQL `viewer` answers for both, with the app's bot (`slug[bot]`). When that fails
 * too, the Actions bot is assumed: a wrong guess only means a new comment, never an
 * edit of someone else's.
 */
export async function githubIdentity(ctx: GithubContext, http: HttpClient): Promise<Identity> {
  try {
    const user = decodeUser((await http.send('GET', `${ctx.api}/user`)).json, 'GitHub');
    if (user) return user;
  } catch (e) {
    if (!(e instanceof CommentApiError) || e.status !== 403) throw e;
  }
  let answer: unknown;
  try {
    answer = (await http.send('POST', ctx.graphql, { query: 'query { viewer { login databaseId } }' })).json;
  } catch (e) {
    if (e instanceof CommentApiError && e.status >= 400 && e.status < 500) return ACTIONS_BOT;
    throw e;
  }
  const viewer = (answer as { data?: { viewer?: { login?: unknown; databaseId?: unknown } } } | null)?.data?.viewer;
  return decodeUser({ login: viewer?.login, id: viewer?.databaseId }, 'GitHub') ?? ACTIONS_BOT;
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

export function githubThread(ctx: GithubContext, http: HttpClient, number: number, maxPages = MAX_PAGES): CommentThread {
  const issue = `${ctx.api}/repos/${ctx.repository}/issues/${number}`;
  const where = `pull request #${number} of ${ctx.repository}`;
  let self: Promise<Identity> | undefined;
  return {
    where,
    pages(): AsyncIterable<Comment[]> {
      return boundedPages(
        `${issue}/comments?per_page=100`,
        async (url) => {
          const { json, headers } = await http.send('GET', url);
          return { items: decodeComments(json, 'GitHub'), next: nextLink(headers.link) };
        },
        { host: 'GitHub', api: ctx.api, where, maxPages },
      );
    },
    identity: () => (self ??= githubIdentity(ctx, http)),
    async create(body) {
      return decodeComment((await http.send('POST', `${issue}/comments`, { body })).json, 'GitHub');
    },
    async update(id, body) {
      return decodeComment((await http.send('PATCH', `${ctx.api}/repos/${ctx.repository}/issues/comments/${id}`, { body })).json, 'GitHub');
    },
  };
}

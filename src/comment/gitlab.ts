/**
 * GitLab: merge-request comments are notes (REST "Notes": list
 * `GET /projects/:id/merge_requests/:iid/notes`, create `POST` there, update
 * `PUT /projects/:id/merge_requests/:iid/notes/:note_id`), paginated by page number
 * (`X-Next-Page`, empty on the last page) and a Link header.
 */
import { checkApiUrl, CommentApiError, createHttpClient, type HttpClient, type HttpLimits, nextLink } from './http.js';
import { type Comment, type CommentThread, type Identity, MAX_PAGES } from './sticky.js';
import { boundedPages, decodeComments, decodeComment, decodeUser } from './decode.js';
import { commitOf, type Planned } from './stamp.js';

export interface GitlabContext {
  /** CI_API_V4_URL without a trailing slash. */
  api: string;
  /** CI_PROJECT_ID (a number, or a path; encoded either way). */
  project: string;
  token: string;
  /** The merge request's iid: --pr, else CI_MERGE_REQUEST_IID. */
  iid?: number;
  /** CI_COMMIT_SHA: on the default branch, the merged merge request is looked up by it. */
  sha?: string;
  /** The job's page, where its artifacts are. */
  jobUrl?: string;
  /** The commit planned (CI_COMMIT_SHA), linked under CI_PROJECT_URL. */
  planned: Planned;
}

export function gitlabContext(env: NodeJS.ProcessEnv, pr: number | undefined): GitlabContext {
  const token = env.GITLAB_TOKEN ?? '';
  if (token === '') {
    throw new CommentApiError(
      'GITLAB_TOKEN is not set: give the job a project access token with the api scope as the masked CI/CD variable GITLAB_TOKEN (CI_JOB_TOKEN cannot write notes).',
      0,
    );
  }
  const project = env.CI_PROJECT_ID ?? '';
  if (project === '') throw new CommentApiError('CI_PROJECT_ID is not set', 0);
  const iid = pr ?? (env.CI_MERGE_REQUEST_IID ? Number(env.CI_MERGE_REQUEST_IID) : undefined);
  if (iid !== undefined && !(Number.isInteger(iid) && iid > 0)) {
    throw new CommentApiError(`CI_MERGE_REQUEST_IID must be a number, got "${env.CI_MERGE_REQUEST_IID}"`, 0);
  }
  return {
    api: checkApiUrl(env.CI_API_V4_URL ?? '', 'CI_API_V4_URL').href.replace(/\/$/, ''),
    project,
    token,
    iid,
    sha: env.CI_COMMIT_SHA || undefined,
    jobUrl: env.CI_JOB_URL || undefined,
    planned: plannedOf(env),
  };
}

function plannedOf(env: NodeJS.ProcessEnv): Planned {
  const sha = commitOf(env.CI_COMMIT_SHA);
  const project = env.CI_PROJECT_URL?.replace(/\/$/, '');
  return { sha, ...(sha && project ? { commitUrl: `${project}/-/commit/${sha}` } : {}) };
}

export function gitlabHttp(ctx: GitlabContext, version: string, limits?: HttpLimits): HttpClient {
  return createHttpClient({ 'private-token': ctx.token, accept: 'application/json', 'user-agent': `groupctl/${version}` }, ctx.token, limits);
}

/**
 * The token's user (`GET /user`; a project or group access token has a bot user of its
 * own, which this returns). A token that may not read it is refused rather than guessed:
 * only notes of the token's user are edited, and notes need the api scope, which can.
 * (CI_JOB_TOKEN can do neither.)
 */
export async function gitlabIdentity(ctx: GitlabContext, http: HttpClient): Promise<Identity> {
  let json: unknown;
  try {
    json = (await http.send('GET', `${ctx.api}/user`)).json;
  } catch (e) {
    if (!(e instanceof CommentApiError) || (e.status !== 401 && e.status !== 403)) throw e;
    throw new CommentApiError(
      `${e.message}\nGITLAB_TOKEN cannot read its own user: groupctl edits only notes written by the token's user, so it must know it. ` +
        'Use a project access token (or a personal one) with the api scope; CI_JOB_TOKEN cannot write notes.',
      e.status,
      { cause: e },
    );
  }
  const user = decodeUser(json, 'GitLab');
  if (!user) throw new CommentApiError(`GitLab answered GET ${ctx.api}/user without a username: ${JSON.stringify(json)?.slice(0, 200)}`, 200);
  return user;
}

function projectUrl(ctx: GitlabContext): string {
  return `${ctx.api}/projects/${encodeURIComponent(ctx.project)}`;
}

/**
 * The merge request to comment on: --pr or CI_MERGE_REQUEST_IID; on the default branch,
 * the merge request that commit came from (`GET /projects/:id/repository/commits/:sha/merge_requests`).
 */
export async function gitlabMergeRequest(ctx: GitlabContext, http: HttpClient): Promise<number | undefined> {
  if (ctx.iid !== undefined) return ctx.iid;
  if (ctx.sha === undefined) return undefined;
  const { json } = await http.send('GET', `${projectUrl(ctx)}/repository/commits/${encodeURIComponent(ctx.sha)}/merge_requests`);
  if (!Array.isArray(json)) throw new CommentApiError(`GitLab answered the merge requests of ${ctx.sha} with something that is not a list`, 200);
  const requests = json as Array<{ iid?: unknown; state?: unknown }>;
  const pick = requests.find((m) => m?.state === 'merged') ?? requests[0];
  return typeof pick?.iid === 'number' ? pick.iid : undefined;
}

export function gitlabThread(ctx: GitlabContext, http: HttpClient, iid: number, maxPages = MAX_PAGES): CommentThread {
  const notes = `${projectUrl(ctx)}/merge_requests/${iid}/notes`;
  const where = `merge request !${iid} of project ${ctx.project}`;
  let self: Promise<Identity> | undefined;
  return {
    where,
    pages(): AsyncIterable<Comment[]> {
      return boundedPages(
        `${notes}?sort=asc&order_by=created_at&per_page=100`,
        async (url) => {
          const { json, headers } = await http.send('GET', url);
          return { items: decodeComments(json, 'GitLab'), next: nextPage(url, headers) };
        },
        { host: 'GitLab', api: ctx.api, where, maxPages },
      );
    },
    identity: () => (self ??= gitlabIdentity(ctx, http)),
    async create(body) {
      return decodeComment((await http.send('POST', notes, { body })).json, 'GitLab');
    },
    async update(id, body) {
      return decodeComment((await http.send('PUT', `${notes}/${encodeURIComponent(id)}`, { body })).json, 'GitLab');
    },
  };
}

/** X-Next-Page when GitLab sends it (empty on the last page), else the Link header. */
function nextPage(current: string, headers: Record<string, string>): string | undefined {
  const next = headers['x-next-page'];
  if (next !== undefined) {
    if (next.trim() === '') return undefined;
    const url = new URL(current);
    url.searchParams.set('page', next.trim());
    return url.href;
  }
  return nextLink(headers.link);
}

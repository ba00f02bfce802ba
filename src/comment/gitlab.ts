/**
 * GitLab: merge-request comments are notes (REST "Notes": list
 * `GET /projects/:id/merge_requests/:iid/notes`, create `POST` there, update
 * `PUT /projects/:id/merge_requests/:iid/notes/:note_id`), paginated by page number
 * (`X-Next-Page`, empty on the last page) and a Link header.
 */
import { checkApiUrl, CommentApiError, createHttpClient, type HttpClient, nextLink } from './http.js';
import type { Comment, CommentThread } from './sticky.js';
import { decodeComments, decodeComment, sameOrigin } from './decode.js';

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
  };
}

export function gitlabHttp(ctx: GitlabContext, version: string): HttpClient {
  return createHttpClient({ 'private-token': ctx.token, accept: 'application/json', 'user-agent': `groupctl/${version}` }, ctx.token);
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

export function gitlabThread(ctx: GitlabContext, http: HttpClient, iid: number): CommentThread {
  const notes = `${projectUrl(ctx)}/merge_requests/${iid}/notes`;
  return {
    where: `merge request !${iid} of project ${ctx.project}`,
    async *pages(): AsyncIterable<Comment[]> {
      let url: string | undefined = `${notes}?sort=asc&order_by=created_at&per_page=100`;
      while (url !== undefined) {
        const { json, headers }: { json: unknown; headers: Record<string, string> } = await http.send('GET', url);
        yield decodeComments(json, 'GitLab');
        url = nextPage(url, headers);
        if (url !== undefined && !sameOrigin(url, ctx.api)) throw new CommentApiError(`GitLab's next page ${url} is not on ${ctx.api}`, 0);
      }
    },
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

export function gitlabHint(status: number): string {
  if (status === 401) return 'GITLAB_TOKEN was not accepted: check that the token has not expired or been revoked.';
  if (status === 403 || status === 404) {
    return 'Check that GITLAB_TOKEN has the api scope and at least the Reporter role on the project, and that CI_PROJECT_ID and the merge request are right.';
  }
  return '';
}

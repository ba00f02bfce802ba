/** What the code hosts' refusals are, and what to tell the user to check for each (403, 404, 422). */

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';

/** A code-hosting API answered with an error status, or not at all (status 0). */
export class CommentApiError extends Error {
  override readonly name = 'CommentApiError';
  readonly method?: Method;
  readonly url?: string;
  /** The host's own words (its `message`), masked and shortened. */
  readonly detail?: string;
  constructor(
    message: string,
    readonly status: number,
    options?: { cause?: unknown; method?: Method; url?: string; detail?: string },
  ) {
    super(message, options);
    this.method = options?.method;
    this.url = options?.url;
    this.detail = options?.detail;
  }
}

/** What was being done when the host refused: for the message, never the token. */
export interface Refused {
  host: 'GitHub' | 'GitLab';
  /** `pull request #42 of acme/groups`, when known. */
  where?: string;
}

/** `GitHub refused ...` with the call, the host's words and what to check; the URL names the host. */
export function describeRefusal(e: CommentApiError, refused: Refused): string {
  const on = refused.where ? ` (${refused.where})` : '';
  const head = e.status === 0 ? `${refused.host} did not answer${on}: ${e.message}` : `${refused.host} refused${on}: ${e.message}`;
  const advice = refused.host === 'GitHub' ? githubAdvice(e) : gitlabAdvice(e);
  return advice ? `${head}\n${advice}` : head;
}

function writing(e: CommentApiError): boolean {
  return e.method === 'POST' || e.method === 'PATCH' || e.method === 'PUT';
}

function githubAdvice(e: CommentApiError): string {
  switch (e.status) {
    case 401:
      return 'GITHUB_TOKEN was not accepted: pass the job token (env: GITHUB_TOKEN: ${{ github.token }}).';
    case 403:
      return writing(e)
        ? 'The token may not write comments: give the job "permissions: pull-requests: write" (a fine-grained token: "Pull requests: Read and write"). ' +
            "A pull request from a fork gets a read-only GITHUB_TOKEN on pull_request: comment from a workflow_run job instead."
        : 'The token may not read this pull request: give the job "permissions: pull-requests: write" (it includes read; a fine-grained token: "Pull requests: Read and write").';
    case 404:
      return 'The repository or pull request was not found, or the token cannot see it (GitHub answers 404 for a private repository the token may not read): check GITHUB_REPOSITORY, --pr and the token.';
    case 422:
      return `GitHub found the request invalid${e.detail ? ` (${e.detail})` : ''}: a comment body must be under 65,536 characters and not empty.`;
    default:
      return '';
  }
}

function gitlabAdvice(e: CommentApiError): string {
  switch (e.status) {
    case 401:
      return 'GITLAB_TOKEN was not accepted: check that the token has not expired or been revoked (CI_JOB_TOKEN cannot write notes).';
    case 403:
      return writing(e)
        ? 'The token may not write notes: GITLAB_TOKEN needs the api scope and at least the Reporter role on the project (and the merge request must not be locked).'
        : 'The token may not read this: GITLAB_TOKEN needs the api scope (or read_api to read) and at least the Reporter role on the project.';
    case 404:
      return 'The project or merge request was not found, or the token cannot see it: check CI_PROJECT_ID, CI_MERGE_REQUEST_IID (or --pr) and that the token is a member of the project.';
    case 400:
    case 413:
    case 422:
      return `GitLab found the note invalid${e.detail ? ` (${e.detail})` : ''}: a note must not be empty or longer than the instance allows.`;
    default:
      return '';
  }
}

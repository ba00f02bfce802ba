/**
 * `groupctl comment`: keeps one comment of groupctl's on the pull request (GitHub) or merge
 * request (GitLab) of the CI run, or checks a plan against the one that comment shows.
 */
import type { Plan } from '../plan/types.js';
import { composeComment, digestIn, planDigest, withNote } from './compose.js';
import { githubContext, githubHint, githubHttp, githubPullRequest, githubThread } from './github.js';
import { gitlabContext, gitlabHint, gitlabHttp, gitlabMergeRequest, gitlabThread } from './gitlab.js';
import { CommentApiError, type HttpClient } from './http.js';
import { findSticky, type CommentThread, upsertSticky, type Upserted } from './sticky.js';

/** The thread of the CI run's pull request, with what to say when the host refuses. */
interface Target {
  host: 'GitHub' | 'GitLab';
  http: HttpClient;
  thread: CommentThread;
  /** Where the whole plan is when the comment is shortened. */
  pointer: string;
  hint(status: number): string;
}

/** A problem the user can fix; the message says what to check. */
export class CommentError extends Error {
  override readonly name = 'CommentError';
}

const NO_CONTEXT =
  'no pull request to comment on. Run "npx groupctl comment" in a CI job of a pull request: GitHub Actions ' +
  '(GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_EVENT_PATH of a pull_request event) or GitLab CI (GITLAB_TOKEN, ' +
  'CI_API_V4_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID of a merge request pipeline), or name it with --pr N.';

async function openTarget(env: NodeJS.ProcessEnv, pr: number | undefined, version: string): Promise<Target> {
  if (env.GITHUB_REPOSITORY) {
    const ctx = githubContext(env, pr);
    const http = githubHttp(ctx, version);
    const number = await guard(githubPullRequest(ctx, http), http, githubHint, 'GitHub');
    if (number === undefined) return fail(http, NO_CONTEXT);
    const summary = ctx.runUrl ? `[job summary](${ctx.runUrl})` : 'job summary';
    return {
      host: 'GitHub',
      http,
      thread: githubThread(ctx, http, number),
      pointer: `The whole plan is in the run's ${summary} and in its saved-plan artifact.`,
      hint: githubHint,
    };
  }
  if (env.CI_API_V4_URL || env.GITLAB_CI) {
    const ctx = gitlabContext(env, pr);
    const http = gitlabHttp(ctx, version);
    const iid = await guard(gitlabMergeRequest(ctx, http), http, gitlabHint, 'GitLab');
    if (iid === undefined) return fail(http, NO_CONTEXT);
    const artifacts = ctx.jobUrl ? `[job's artifacts](${ctx.jobUrl}/artifacts/browse)` : "job's artifacts";
    return {
      host: 'GitLab',
      http,
      thread: gitlabThread(ctx, http, iid),
      pointer: `The whole plan is in the ${artifacts} (plan.md, and the saved plan).`,
      hint: gitlabHint,
    };
  }
  throw new CommentError(NO_CONTEXT);
}

async function fail(http: HttpClient, message: string): Promise<never> {
  await http.close();
  throw new CommentError(message);
}

/** A refusal becomes a CommentError that says the status and what to check. */
async function guard<T>(work: Promise<T>, http: HttpClient | undefined, hint: (status: number) => string, host: string): Promise<T> {
  try {
    return await work;
  } catch (e) {
    await http?.close();
    if (!(e instanceof CommentApiError)) throw e;
    const advice = hint(e.status);
    throw new CommentError(`${host} refused: ${e.message}${advice ? `\n${advice}` : ''}`, { cause: e });
  }
}

export interface PostOptions {
  env: NodeJS.ProcessEnv;
  /** --pr: the pull request number or merge request iid, instead of the CI run's. */
  pr?: number;
  note?: string;
  version: string;
}

export interface Posted extends Upserted {
  where: string;
  length: number;
}

/** Creates or edits groupctl's comment so that it shows `plan`. */
export async function postPlanComment(plan: Plan, options: PostOptions): Promise<Posted> {
  const target = await wrapContext(() => openTarget(options.env, options.pr, options.version));
  const body = composeComment(plan, { note: options.note, pointer: target.pointer });
  const result = await guard(upsertSticky(target.thread, body), undefined, target.hint, target.host).finally(() => target.http.close());
  return { ...result, where: target.thread.where, length: body.length };
}

export interface Verified {
  where: string;
  same: boolean;
  reviewed?: string;
  digest: string;
}

/**
 * Compares `plan` with the plan groupctl's comment shows (by digest). When they differ, a
 * note (`options.note`, or one that says so) goes above the reviewed plan in the comment;
 * the reviewed plan and its digest stay, so running this again refuses again.
 */
export async function verifyPlanComment(plan: Plan, options: PostOptions): Promise<Verified> {
  const target = await wrapContext(() => openTarget(options.env, options.pr, options.version));
  try {
    const comment = await guard(findSticky(target.thread), undefined, target.hint, target.host);
    const digest = planDigest(plan);
    const reviewed = comment ? digestIn(comment.body) : undefined;
    if (comment && reviewed !== digest) {
      const note =
        options.note ??
        `⚠️ Not applied: the plan made after the merge (${digest}) is not this reviewed plan. Review the changes in a new pull request.`;
      await guard(target.thread.update(comment.id, withNote(comment.body, note)), undefined, target.hint, target.host);
    }
    return { where: target.thread.where, same: reviewed === digest, reviewed, digest };
  } finally {
    await target.http.close();
  }
}

async function wrapContext<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof CommentApiError) throw new CommentError(e.message, { cause: e });
    throw e;
  }
}

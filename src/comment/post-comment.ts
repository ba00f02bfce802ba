/**
 * `groupctl comment`: keeps one comment of groupctl's on the pull request (GitHub) or merge
 * request (GitLab) of the CI run, or checks a plan against the one that comment shows.
 */
import type { Plan } from '../plan/types.js';
import { composeComment, digestIn, planDigest, withNote } from './compose.js';
import { describeRefusal, type Refused } from './errors.js';
import { githubContext, githubHttp, githubPullRequest, githubThread } from './github.js';
import { gitlabContext, gitlabHttp, gitlabMergeRequest, gitlabThread } from './gitlab.js';
import { CommentApiError, DEFAULT_LIMITS, type HttpClient, type HttpLimits } from './http.js';
import type { Planned } from './stamp.js';
import { findSticky, type CommentThread, upsertSticky, type Upserted } from './sticky.js';

/** The thread of the CI run's pull request, with what to say when the host refuses. */
interface Target {
  refused: Refused;
  http: HttpClient;
  thread: CommentThread;
  /** Where the whole plan is when the comment is shortened. */
  pointer: string;
  planned: Planned;
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
  const limits = limitsOf(env);
  if (env.GITHUB_REPOSITORY) {
    const ctx = githubContext(env, pr);
    const http = githubHttp(ctx, version, limits);
    const number = await guard(githubPullRequest(ctx, http), http, { host: 'GitHub', where: ctx.repository });
    if (number === undefined) return fail(http, NO_CONTEXT);
    const summary = ctx.runUrl ? `[job summary](${ctx.runUrl})` : 'job summary';
    const thread = githubThread(ctx, http, number);
    return {
      refused: { host: 'GitHub', where: thread.where },
      http,
      thread,
      pointer: `The whole plan is in the run's ${summary} and in its saved-plan artifact.`,
      planned: ctx.planned,
    };
  }
  if (env.CI_API_V4_URL || env.GITLAB_CI) {
    const ctx = gitlabContext(env, pr);
    const http = gitlabHttp(ctx, version, limits);
    const iid = await guard(gitlabMergeRequest(ctx, http), http, { host: 'GitLab', where: `project ${ctx.project}` });
    if (iid === undefined) return fail(http, NO_CONTEXT);
    const artifacts = ctx.jobUrl ? `[job's artifacts](${ctx.jobUrl}/artifacts/browse)` : "job's artifacts";
    const thread = gitlabThread(ctx, http, iid);
    return {
      refused: { host: 'GitLab', where: thread.where },
      http,
      thread,
      pointer: `The whole plan is in the ${artifacts} (plan.md, and the saved plan).`,
      planned: ctx.planned,
    };
  }
  throw new CommentError(NO_CONTEXT);
}

/**
 * GROUPCTL_COMMENT_TIMEOUT: seconds the whole command may take (default 60); each call
 * gets at most half of it, so one slow answer still leaves time for a retry.
 */
export function limitsOf(env: NodeJS.ProcessEnv): HttpLimits {
  const raw = env.GROUPCTL_COMMENT_TIMEOUT?.trim();
  if (raw === undefined || raw === '') return DEFAULT_LIMITS;
  const secs = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !(secs > 0) || secs > 3600) {
    throw new CommentError(`GROUPCTL_COMMENT_TIMEOUT must be a number of seconds above 0 and at most 3600, got "${env.GROUPCTL_COMMENT_TIMEOUT}"`);
  }
  const deadlineMs = Math.round(secs * 1000);
  return { ...DEFAULT_LIMITS, deadlineMs, attemptMs: Math.min(DEFAULT_LIMITS.attemptMs, Math.max(1, Math.round(deadlineMs / 2))) };
}

async function fail(http: HttpClient, message: string): Promise<never> {
  await http.close();
  throw new CommentError(message);
}

/** A refusal becomes a CommentError that says the call, the status, the host's words and what to check. */
async function guard<T>(work: Promise<T>, http: HttpClient | undefined, refused: Refused): Promise<T> {
  try {
    return await work;
  } catch (e) {
    await http?.close();
    if (!(e instanceof CommentApiError)) throw e;
    throw new CommentError(describeRefusal(e, refused), { cause: e });
  }
}

export interface PostOptions {
  env: NodeJS.ProcessEnv;
  /** --pr: the pull request number or merge request iid, instead of the CI run's. */
  pr?: number;
  note?: string;
  version: string;
  /** When the plan was saved (the plan file's modification time), shown beside the commit. */
  plannedAt?: Date;
}

export interface Posted extends Upserted {
  where: string;
  length: number;
}

/** Creates or edits groupctl's comment so that it shows `plan`. */
export async function postPlanComment(plan: Plan, options: PostOptions): Promise<Posted> {
  const target = await wrapContext(() => openTarget(options.env, options.pr, options.version));
  const planned = { ...target.planned, ...(options.plannedAt ? { at: options.plannedAt } : {}) };
  const body = composeComment(plan, { note: options.note, pointer: target.pointer, planned });
  const result = await guard(upsertSticky(target.thread, body), undefined, target.refused).finally(() => target.http.close());
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
 * the reviewed plan and its digest stay, so running this again refuses again. Only a
 * comment by the token's own identity is trusted (sticky.ts, findSticky).
 */
export async function verifyPlanComment(plan: Plan, options: PostOptions): Promise<Verified> {
  const target = await wrapContext(() => openTarget(options.env, options.pr, options.version));
  try {
    const comment = await guard(findSticky(target.thread), undefined, target.refused);
    const digest = planDigest(plan);
    const reviewed = comment ? digestIn(comment.body) : undefined;
    if (comment && reviewed !== digest) {
      const note =
        options.note ??
        `⚠️ Not applied: the plan made after the merge (${digest}) is not this reviewed plan. Review the changes in a new pull request.`;
      await guard(target.thread.update(comment.id, withNote(comment.body, note)), undefined, target.refused);
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

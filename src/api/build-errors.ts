/**
 * Every ApiError groupctl throws is built here (test/house/errors.test.ts keeps it so): the
 * transport's, made printable, redacted and truncated the same way (server words may carry
 * control characters or echo a secret, and an error message must carry neither), and the
 * service's own verdicts on a 200 answer (`notDone`, `badAnswer`). Its `kind`, which the
 * CLI's hints follow, is decided from status, code and words by error-kind.ts.
 */
import { DEADLINE, formatBytes } from './answer-limits.js';
import type { NetworkFailure } from './attempt.js';
import { EDITION_QUOTAS } from './error-kind.js';
import { ApiError, type ApiCall } from './errors.js';
import { stripControls } from './strip-controls.js';
import type { SecretSet } from './redact.js';

/** The call that failed, as every builder needs it. */
export interface FailedCall {
  call: ApiCall;
  secrets: SecretSet;
  /** Attempts made, the failed one included. */
  attempts: number;
  /** The call may or may not have taken effect. */
  ambiguous: boolean;
  /** Why the transport stopped retrying (retry.ts, `gave up after 5 attempts: ...`), told at the message's end. */
  stopped?: string;
}

const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', DEADLINE]);
const MAX_DESCRIPTION = 500;

/** An error with the server's (or our) code and description, made safe to print. */
export function buildApiError(at: FailedCall, status: number, code: string, description: string, cause?: unknown): ApiError {
  // Server words are made printable first: a secret split by control characters is whole again for redact.
  const words = (text: string) => at.secrets.redact(stripControls(text));
  return new ApiError(status, truncate(words(code), 100), truncate(words(description)), at.call, {
    stoppedRetrying: at.stopped,
    attempts: at.attempts,
    ambiguous: at.ambiguous,
    cause,
  });
}

/** A 200 answer that says the service did not do the work (`result: false`, still disabled...): nothing changed. */
export function notDone(call: ApiCall, what: string): ApiError {
  return new ApiError(200, 'not_done', what, call);
}

/** A 200 answer in a shape groupctl cannot read; `ambiguous` when the call may still have done its work (a create). */
export function badAnswer(call: ApiCall, what: string, options: { ambiguous?: boolean; cause?: unknown } = {}): ApiError {
  return new ApiError(200, 'bad_response', what, call, options);
}

/** A non-2xx answer: the error body's code and description, else the text, else the status. */
export function buildStatusError(at: FailedCall, status: number, json: unknown, text: string): ApiError {
  const body = readErrorBody(json);
  const words = body.description ?? (snippet(text) || `HTTP ${status}`);
  // FACTS.md: the same 429 is the rate limit or the free edition's quota used up.
  const described = status === 429 ? `rate limit or quota exhausted: ${words}` : explainRefusal(status, words);
  return buildApiError(at, status, body.error ?? `http_${status}`, described);
}

const QUOTA_CHECK = "check the app's edition quota in the console, and the config's limits";

// FACTS.md "wordings": refusals a user can act on, said in our words with what to do, then
// the server's. The two edition quotas answer 403 exceed_limit on create, add and even
// remove; a full group and a batch over 60 share one wording; the owner in a batch
// removal refuses the whole batch; a token cut short or altered is "corrupt".
const EXPLAINED: { status: number; pattern: RegExp; meaning: string }[] = [
  ...EDITION_QUOTAS.map((q) => ({ status: 403, pattern: q.pattern, meaning: `${q.meaning} (${QUOTA_CHECK})` })),
  {
    status: 403,
    pattern: /members size is greater than max user size/i,
    meaning: "the group would have more members than its max_users allows (raise max_users, or remove members first; the service says the same of a batch over 60 names, which groupctl never sends)",
  },
  {
    status: 403,
    pattern: /forbidden operation on group owner/i,
    meaning: "the group's owner cannot be removed (transfer the ownership first; a batch removal that names the owner is refused as a whole)",
  },
  // FACTS.md "block list": a blocked user cannot be added until unblocked (issue 21 item 3: say so, not only "can not join").
  {
    status: 403,
    pattern: /\bblock(ed|s|list)?\b/i,
    meaning: "the user is on the group's block list, and the service adds no blocked user (take it off block_list to unblock it first)",
  },
  {
    status: 401,
    pattern: /corrupt access token/i,
    meaning: 'the token is not a whole token the service issued (check that GROUPCTL_TOKEN was copied in full, or set GROUPCTL_CLIENT_ID and GROUPCTL_CLIENT_SECRET instead)',
  },
];

function explainRefusal(status: number, words: string): string {
  const known = EXPLAINED.find((e) => e.status === status && e.pattern.test(words));
  return known === undefined ? words : `${known.meaning}; the server said: ${words}`;
}

/** A 2xx answer that is not a JSON object. */
export function buildNotJsonError(at: FailedCall, status: number, text: string): ApiError {
  return buildApiError(at, status, 'bad_response', `answer is not JSON: ${snippet(text)}`);
}

/** An answer past the size cap; reading it stopped. */
export function buildTooLargeError(at: FailedCall, status: number, maxAnswerBytes: number): ApiError {
  return buildApiError(
    at,
    status,
    'answer_too_large',
    `the answer is larger than ${formatBytes(maxAnswerBytes)}; stopped reading it (no real answer is this large)`,
  );
}

/** No (complete) answer: a timeout, the overall deadline, or a failed connection. */
export function buildNetworkError(at: FailedCall, failure: NetworkFailure, deadlineMs: number): ApiError {
  const timeout = TIMEOUTS.has(failure.code);
  const message = failure.cause instanceof Error ? failure.cause.message : String(failure.cause);
  const what =
    failure.code === DEADLINE
      ? `no complete answer within ${Math.round(deadlineMs / 100) / 10} s (the longest a call may take)`
      : timeout
        ? 'timed out'
        : `connection failed (${failure.code || 'unknown'}: ${message})`;
  // A failure that was not retried at all has no `stopped`: the attempts and the doubt are said here.
  const tail = at.ambiguous ? '; the call may or may not have taken effect' : '';
  const described = at.stopped === undefined ? `${what} after ${at.attempts} attempt(s)${tail}` : what;
  return buildApiError(at, 0, timeout ? 'timeout' : 'network', described, failure.cause);
}

/**
 * Both error body forms (FACTS.md): `error` + `error_description` (the doc pages, the Java
 * SDKs) and a numeric `error_code` + `desc` (what the web SDK reads).
 */
function readErrorBody(json: unknown): { error?: string; description?: string } {
  if (typeof json !== 'object' || json === null) return {};
  const body = json as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined);
  const error = text(body.error) ?? text(body.error_code);
  const description = text(body.error_description) ?? text(body.desc) ?? text(body.exception) ?? text(body.message);
  return { ...(error ? { error } : {}), ...(description ? { description } : {}) };
}

function snippet(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function truncate(text: string, max = MAX_DESCRIPTION): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

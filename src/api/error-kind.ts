/**
 * What kind of failure an ApiError is, decided once from its status, code and words, so
 * that hints (cli/run.ts, doctor) and the engine's refusals follow what happened, never a
 * raw status. The words matter where the status alone means many things (FACTS.md: 403
 * is a quota, a disabled group or an ordinary refusal).
 */

export type ApiErrorKind =
  /** 401, or the token endpoint's `invalid_grant`: the token or the credentials behind it are not accepted. */
  | 'credentials'
  /** 429, past what the retries would wait: the rate limit, or the free edition's call quota (FACTS.md: same status). */
  | 'rate-limit'
  /** 403 `exceed_limit` in a quota's words: groups per app or per user of the edition. */
  | 'quota'
  /** No answer: the connection failed. */
  | 'unreachable'
  /** No complete answer in time. */
  | 'timeout'
  /** 404: the group, user or app the call names does not exist. */
  | 'not-found'
  /** The service refuses changes to a disabled group. */
  | 'group-disabled'
  /** Any other answer no: a 4xx, or a 200 that says the work was not done. */
  | 'refused'
  /** 5xx: the service failed. */
  | 'server'
  /** An answer groupctl cannot read: not JSON, the wrong shape, too large, or an unexpected status. */
  | 'bad-answer';

/**
 * FACTS.md "wordings" and "quotas": the two edition quotas answer 403 `exceed_limit` in
 * these words, on create, add and even remove; build-errors.ts says their meaning plainly.
 */
export const EDITION_QUOTAS: readonly { pattern: RegExp; meaning: string }[] = [
  { pattern: /create too many groups/i, meaning: "the app has reached its edition's quota of groups per app" },
  { pattern: /joined too many groups/i, meaning: "a user has reached the edition's quota of groups per user" },
];
// The web SDK matches "can not operate this group, reason: group is disabled"; the emulator says "group ID is disabled".
const DISABLED_WORDS = /\bgroup( \S+)? is disabled\b/i;

/** The kind of an error with this status (0: no answer), code and description. */
export function errorKindOf(status: number, code: string, description: string): ApiErrorKind {
  if (status === 0) return code === 'timeout' ? 'timeout' : 'unreachable';
  // The emulator (and OAuth's RFC 6749) answer bad client credentials 400 invalid_grant, not 401.
  if (status === 401 || code === 'invalid_grant' || code === 'unauthorized') return 'credentials';
  if (status === 429) return 'rate-limit';
  if (status === 404) return 'not-found';
  if (status === 403 && DISABLED_WORDS.test(description)) return 'group-disabled';
  if (status === 403 && EDITION_QUOTAS.some((q) => q.pattern.test(description))) return 'quota';
  if (status >= 400 && status < 500) return 'refused';
  if (status >= 500 && status < 600) return 'server';
  if (status >= 200 && status < 300 && code === 'not_done') return 'refused';
  return 'bad-answer';
}

/**
 * The one error type of the API layer. It carries the HTTP status, the API's `error`
 * code and `error_description`, and the call that was made (method and path, never a
 * token or a secret).
 */
import type { ApiCall } from './calls.js';
export type { ApiCall } from './calls.js';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    /** HTTP status; 0 when no response came (connection dropped, timeout). */
    readonly status: number,
    /** The API's `error` code (`forbidden_op`, `resource_not_found`...), or a local one (`network`, `timeout`, `bad_response`). */
    readonly code: string,
    /** The API's `error_description`, or the raw body text when it was not JSON. */
    readonly description: string,
    readonly call: ApiCall,
    options?: {
      cause?: unknown;
      /** The request may or may not have taken effect (no response to a non-idempotent call). */
      ambiguous?: boolean;
      /** How many attempts were made. */
      attempts?: number;
    },
  ) {
    super(`${call.method} ${call.path}: ${answerText(status, code, description)}`, {
      cause: options?.cause,
    });
    this.ambiguous = options?.ambiguous ?? false;
    this.attempts = options?.attempts ?? 1;
  }
  readonly ambiguous: boolean;
  readonly attempts: number;
}

/** The API's answer in a few words: `403 forbidden_op: user: bob doesn't exist in group: 123`. */
export function answerText(status: number, code: string, description: string): string {
  return `${status || 'no response'} ${code}: ${description}`;
}

/**
 * The service refuses changes to a disabled group (FACTS.md; the web SDK matches 403
 * "can not operate this group, reason: group is disabled"; the emulator's default says
 * "group ID is disabled"). Recognised by its words,
 * which is all a client has; the 403 alone could mean many things.
 */
export function isDisabledGroupRefusal(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403 && /\bgroup( \S+)? is disabled\b/i.test(error.description);
}

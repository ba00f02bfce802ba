/**
 * The one error type of the API layer. It carries the HTTP status, the API's `error`
 * code and `error_description`, and the call that was made (method and path, never a
 * token or a secret).
 */
import type { ApiCall } from './calls.js';
import { errorKindOf, type ApiErrorKind } from './error-kind.js';
export type { ApiCall } from './calls.js';
export type { ApiErrorKind } from './error-kind.js';

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
      /** Why the transport stopped retrying (retry.ts), when it retries this kind of failure. */
      stoppedRetrying?: string | undefined;
    },
  ) {
    super(`${call.method} ${call.path}: ${answerText(status, code, description, options?.stoppedRetrying)}`, {
      cause: options?.cause,
    });
    this.ambiguous = options?.ambiguous ?? false;
    this.attempts = options?.attempts ?? 1;
    this.kind = errorKindOf(status, code, description);
    this.stoppedRetrying = options?.stoppedRetrying;
  }
  readonly ambiguous: boolean;
  readonly attempts: number;
  /** What happened, for hints: decided from status, code and words (error-kind.ts). */
  readonly kind: ApiErrorKind;
  /** `gave up after 5 attempts: the server asks to wait 3600 s, ...`; told after the answer in the message. */
  readonly stoppedRetrying: string | undefined;
}

/**
 * The API's answer in a few words: `403 forbidden_op: user: bob doesn't exist in group: 123`,
 * and why no more attempts were made after it, when retries stopped.
 */
export function answerText(status: number, code: string, description: string, stoppedRetrying?: string): string {
  return `${status || 'no response'} ${code}: ${description}${stoppedRetrying === undefined ? '' : `; ${stoppedRetrying}`}`;
}

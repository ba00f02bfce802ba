/**
 * A refusal by the emulated service: the HTTP status, the API's `error` code and its
 * `error_description`, exactly as the server layer will put them on the wire.
 */

/** Refusals whose status or words differ between dialects (dialects.ts). */
export type RefusalReason = 'disabled' | 'not-member';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
    /** Set on the refusals a dialect may reword. */
    readonly reason?: RefusalReason,
  ) {
    super(`${status} ${error}: ${description}`);
  }
}

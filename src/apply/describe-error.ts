/** The words a failed step's `error` (and some notes) carry in the report. */
import { ServiceError } from '../api/service.js';

const DISABLED_HINT = ' (the group is disabled, and the service refuses changes to it: set `disabled: false` to enable it first)';

/**
 * `403 forbidden_op: user: bob doesn't exist in group: 123`. A ServiceError's own text
 * never holds a token or secret (api/errors.ts); other errors are our own messages.
 */
export function describeError(err: unknown): string {
  if (err instanceof ServiceError) return `${err.answer}${err.refusal === 'group-disabled' ? DISABLED_HINT : ''}`;
  return err instanceof Error ? err.message : String(err);
}

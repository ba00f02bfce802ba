/** Short human words for a step and an error, shared by progress, notes and the report. */
import { ServiceError } from '../api/service.js';
import type { Step } from '../plan/types.js';

/** `add-admin carol`, `transfer bob`, `update name, description`, `create (owner alice)`. */
export function describeStep(step: Step): string {
  switch (step.action) {
    case 'create':
      return `create (owner ${step.details.owner})`;
    case 'import':
      return `import ${step.group_id ?? '(no id)'}`;
    case 'update':
      return `update ${Object.keys(step.details.changes).join(', ')}`;
    case 'transfer':
      return `transfer ${step.details.to}`;
    case 'add-member':
    case 'remove-member':
    case 'add-admin':
    case 'remove-admin':
      return `${step.action} ${step.details.user}`;
    case 'enable':
    case 'disable':
    case 'dismiss':
      return step.action;
  }
}

/**
 * `403 forbidden_op: user: bob doesn't exist in group: 123`. A ServiceError's own text
 * never holds a token or secret (api/errors.ts); other errors are our own messages.
 */
export function describeError(err: unknown): string {
  if (err instanceof ServiceError) {
    const hint = err.refusal === 'group-disabled' ? ' (the group is disabled, and the service refuses changes to it: set `disabled: false` to enable it first)' : '';
    return `${err.answer}${hint}`;
  }
  return err instanceof Error ? err.message : String(err);
}

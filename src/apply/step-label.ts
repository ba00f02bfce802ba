/**
 * A step in a few words (`add-admin carol`). The engine writes it into the report's notes
 * ("skipped: transfer bob failed"), so it lives here; the views (render/apply-*.ts) use
 * the same words. The plan's own view of a step is render/describe-step.ts.
 */
import type { Step } from '../plan/types.js';

/** `add-admin carol`, `transfer bob`, `update name, description`, `create (owner alice)`. */
export function labelStep(step: Step): string {
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
    case 'add-allow':
    case 'remove-allow':
    case 'block':
    case 'unblock':
      return `${step.action} ${step.details.user}`;
    case 'set-announcement':
      return 'set-announcement';
    case 'enable':
    case 'disable':
    case 'mute-all':
    case 'unmute-all':
    case 'dismiss':
      return step.action;
  }
}

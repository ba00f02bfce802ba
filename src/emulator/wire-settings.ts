/**
 * Checks of the group settings as the wire names them, shared by create and modify.
 * The limits are the emulator's own (limits.ts).
 */
import { BOOLEAN_FIELDS, STRING_LIMITS } from './limits.js';
import { StoreError } from './store-error.js';

export { BOOLEAN_FIELDS, MODIFIABLE_FIELDS, STRING_LIMITS } from './limits.js';

/**
 * Throws the 400 the server would give for a badly typed or too long value.
 * Assumption (the docs are silent on wrong types): 400 invalid_parameter
 * "{field} must be a {type}"; a maxusers below 1 is refused the same way.
 */
export function checkSettingValues(body: Record<string, unknown>): void {
  for (const [field, limit] of Object.entries(STRING_LIMITS)) {
    const value = body[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw invalid(`${field} must be a string`);
    if (value.length > limit) throw invalid(`${field} length is too big`);
  }
  for (const field of BOOLEAN_FIELDS) {
    const value = body[field];
    if (value !== undefined && typeof value !== 'boolean') throw invalid(`${field} must be a boolean`);
  }
  const maxusers = body['maxusers'];
  if (maxusers !== undefined && (!Number.isInteger(maxusers) || (maxusers as number) < 1)) {
    throw invalid('maxusers must be a positive integer');
  }
}

export function invalid(description: string): StoreError {
  return new StoreError(400, 'invalid_parameter', description);
}

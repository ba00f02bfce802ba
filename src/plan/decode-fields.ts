/**
 * The small decoders a saved plan is read with. Each records a problem (with its JSON
 * path) and returns a placeholder instead of throwing, so one pass finds every problem.
 */
import { LIMITS } from '../model/group.js';

/** A JSON object whose fields are not yet checked. */
export type Obj = Record<string, unknown>;

const SHA256 = /^[0-9a-f]{64}$/;

/** A JSON object (not null, not a list): the only shape whose fields can be read. */
export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object with exactly these required and optional fields. */
export function fields(value: unknown, at: string, required: readonly string[], optional: readonly string[], problems: string[]): Obj | undefined {
  if (!isObject(value)) {
    problems.push(`${at}: ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}, expected an object${required.length > 0 ? ` with ${required.join(', ')}` : ''}`);
    return undefined;
  }
  let ok = true;
  for (const field of required) {
    if (!(field in value)) {
      problems.push(`${at}: missing ${field}`);
      ok = false;
    }
  }
  for (const field of Object.keys(value)) {
    if (!required.includes(field) && !optional.includes(field)) {
      problems.push(`${at}: unknown field ${JSON.stringify(field)}`);
      ok = false;
    }
  }
  return ok ? value : undefined;
}

/** A list whose items are decoded one by one; an item that fails is left out (its problem is recorded). */
export function list<T>(value: unknown, at: string, problems: string[], item: (v: unknown, at: string) => T | undefined): T[] {
  if (!Array.isArray(value)) {
    problems.push(`${at}: not a list`);
    return [];
  }
  const out: T[] = [];
  value.forEach((v, i) => {
    const decoded = item(v, `${at}[${i}]`);
    if (decoded !== undefined) out.push(decoded);
  });
  return out;
}

/** A name that must be there (an owner, a lineage): a non-empty string. */
export function text(value: unknown, at: string, problems: string[]): string {
  if (typeof value === 'string' && value !== '') return value;
  problems.push(`${at}: expected a non-empty string`);
  return '';
}

/** Free text for people (reasons, messages): any string, empty included. */
export function anyText(value: unknown, at: string, problems: string[]): string {
  if (typeof value === 'string') return value;
  problems.push(`${at}: expected a string`);
  return '';
}

function match(value: unknown, at: string, pattern: RegExp, what: string, problems: string[]): string {
  if (typeof value === 'string' && pattern.test(value)) return value;
  problems.push(`${at}: ${JSON.stringify(value)} is not ${what}`);
  return '';
}

/** A config key. */
export function key(value: unknown, at: string, problems: string[]): string {
  return match(value, at, LIMITS.keyPattern, 'a group key', problems);
}

/** A live group id (model/group.ts's rule, the one the API reader and the plan schema hold too). */
export function groupId(value: unknown, at: string, problems: string[]): string {
  return match(value, at, LIMITS.groupIdPattern, 'a group id', problems);
}

/** A user id a step would send to the service. */
export function user(value: unknown, at: string, problems: string[]): string {
  return match(value, at, LIMITS.userIdPattern, 'a user id', problems);
}

/** A sha256 digest in lowercase hex (fingerprints, the plan's digest). */
export function sha256(value: unknown, at: string, problems: string[]): string {
  return match(value, at, SHA256, 'a sha256 in hex', problems);
}

/** A count: a whole number >= 0. */
export function count(value: unknown, at: string, problems: string[]): number {
  if (Number.isSafeInteger(value) && (value as number) >= 0) return value as number;
  problems.push(`${at}: expected a whole number >= 0`);
  return 0;
}

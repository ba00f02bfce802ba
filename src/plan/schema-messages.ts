/**
 * ajv's errors about a saved plan, in our words and at the JSON path in the file
 * (`steps[3].details.user: "../admin" is not a user id`), one line each. A `oneOf` is told
 * as the alternatives it allows, never as the failures of each branch.
 */
import type { ErrorObject } from './plan-schema.js';

type Schema = Record<string, unknown>;

/** What a pattern stands for, by the definition that holds it. */
const PATTERN_NOUNS: Record<string, string> = {
  '#/definitions/key/pattern': 'a group key',
  '#/definitions/group_id/pattern': 'a group id',
  '#/definitions/user_id/pattern': 'a user id',
  '#/properties/digest/pattern': 'a sha256 in hex',
};

/** Objects whose fields are the group settings: an unknown field there is an unknown setting. */
const SETTINGS_OBJECTS = ['#/definitions/settings/additionalProperties', '#/definitions/details_update/properties/changes/additionalProperties'];

/**
 * One line per problem. `root` is the value that was validated (for telling lists from
 * objects along a path); `at` is where that value sits in the file ('' for the file itself).
 */
export function describeSchemaErrors(errors: readonly ErrorObject[], root: unknown, at = ''): string[] {
  const alternatives = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => `${e.schemaPath}/`);
  const unknownAt = new Set(errors.filter((e) => e.keyword === 'additionalProperties').map((e) => e.instancePath));
  // Every field missing from one object is told on one line, where the first was found.
  const missing = new Map<string, string[]>();
  const lines: Array<{ where: string; words?: string }> = [];
  for (const e of errors) {
    if (alternatives.some((prefix) => e.schemaPath.startsWith(prefix))) continue;
    if (e.keyword === 'propertyNames' || (e.keyword === 'maxProperties' && unknownAt.has(e.instancePath))) continue;
    let where = joinPath(at, e.instancePath, root);
    if (e.keyword === 'additionalProperties' && SETTINGS_OBJECTS.includes(e.schemaPath)) where += `.${String((e.params as { additionalProperty: string }).additionalProperty)}`;
    if (e.keyword !== 'required') {
      lines.push({ where, words: phrase(e) });
      continue;
    }
    if (!missing.has(where)) lines.push({ where });
    missing.set(where, [...(missing.get(where) ?? []), (e.params as { missingProperty: string }).missingProperty]);
  }
  const told = lines.map(({ where, words }) => located(where, words ?? `missing ${missing.get(where)!.join(', ')}`));
  return [...new Set(told)];
}

function located(where: string, words: string): string {
  return where === '' ? words : `${where}: ${words}`;
}

function phrase(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  const parent = (e.parentSchema ?? {}) as Schema;
  switch (e.keyword) {
    case 'additionalProperties': {
      if (!SETTINGS_OBJECTS.includes(e.schemaPath)) return `unknown field ${quoted(params.additionalProperty)}`;
      return `not a setting (${Object.keys((parent.properties ?? {}) as Schema).join(', ')})`;
    }
    case 'pattern': {
      const value = e.propertyName ?? e.data;
      return `${quoted(value)} is not ${PATTERN_NOUNS[e.schemaPath] ?? `a string matching ${String(params.pattern)}`}`;
    }
    case 'type': {
      const noun = PATTERN_NOUNS[e.schemaPath.replace(/\/type$/, '/pattern')];
      return `${valueKind(e.data)}, expected ${noun ?? expected(parent)}`;
    }
    case 'oneOf':
    case 'anyOf':
      return `${valueKind(e.data)}, expected ${expected(parent)}`;
    case 'enum':
      return `${quoted(e.data)} is not one of ${(params.allowedValues as unknown[]).map((v) => String(v)).join(', ')}`;
    case 'const':
      return `${quoted(e.data)}, expected ${JSON.stringify(params.allowedValue)}`;
    case 'minimum':
      return `${quoted(e.data)}, expected ${expected(parent)}`;
    case 'maxLength':
      return `${String(e.data).length} characters, expected at most ${String(params.limit)}`;
    case 'minLength':
      return 'empty, expected a non-empty string';
    case 'minProperties':
      return `names nothing, expected at least ${String(params.limit)} field`;
    case 'maxProperties':
      return `expected at most ${String(params.limit)} fields`;
    default:
      return `${e.message ?? 'does not match the schema'} (${e.keyword})`;
  }
}

/** What a schema asks for, in words: "a whole number >= 1", "an object with user", "a string or null". */
function expected(schema: Schema): string {
  if (Array.isArray(schema.oneOf ?? schema.anyOf)) return ((schema.oneOf ?? schema.anyOf) as Schema[]).map(expected).join(' or ');
  const types = schema.type === undefined ? [] : ([] as string[]).concat(schema.type as string | string[]);
  if (types.length === 0) return 'a value of another shape';
  return types.map((type) => typeWords(type, schema)).join(' or ');
}

function typeWords(type: string, schema: Schema): string {
  switch (type) {
    case 'object': {
      const required = (schema.required ?? []) as string[];
      return required.length > 0 ? `an object with ${required.join(', ')}` : 'an object';
    }
    case 'array':
      return 'a list';
    case 'string':
      if (typeof schema.maxLength === 'number') return `a string of at most ${schema.maxLength} characters`;
      return schema.minLength === 1 ? 'a non-empty string' : 'a string';
    case 'integer':
      return typeof schema.minimum === 'number' ? `a whole number >= ${schema.minimum}` : 'a whole number';
    case 'boolean':
      return 'true or false';
    default:
      return type;
  }
}

/** The kind of a JSON value, for "null, expected an object". */
function valueKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${quoted(value)}`;
  return `${typeof value === 'number' ? 'the number' : 'the value'} ${quoted(value)}`;
}

/** A JSON pointer inside `root` as the path people read: `steps[3].details.user`, `summary.add-member`. */
export function joinPath(at: string, pointer: string, root: unknown): string {
  let path = at;
  let value = root;
  for (const raw of pointer.split('/').slice(1)) {
    const name = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    const inList = Array.isArray(value);
    path += inList ? `[${name}]` : /^[A-Za-z0-9_-]+$/.test(name) ? `${path === '' ? '' : '.'}${name}` : `[${quoted(name)}]`;
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
  }
  return path;
}

/** A value from the file as JSON, cut short: a message must stay one readable line. */
export function quoted(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/**
 * Turn ajv's errors into messages a person understands, each placed at the line and
 * column of the YAML node it is about.
 */
import { groupIdProblem, LIMITS } from '../model/group.js';
import type { ConfigIssue } from './config-error.js';
import { suggest } from '../util/did-you-mean.js';
import type { ConfigSchema, ErrorObject } from './schema.js';
import type { YamlSource } from './yaml-source.js';

type Path = (string | number)[];

/** What the schema said about one file. */
export interface SchemaCheck {
  issues: ConfigIssue[];
  /** The file is a mapping whose `groups` is a mapping (groups can be looked at one by one). */
  usable: boolean;
  /** `defaults` is absent or valid. */
  defaultsValid: boolean;
  /** `moved` / `removed` is absent or valid. */
  movedValid: boolean;
  removedValid: boolean;
  limitsValid: boolean;
}

/** Schema issues of one file's data. */
export function checkSchema(source: YamlSource, schema: ConfigSchema): SchemaCheck {
  const result: SchemaCheck = { issues: [], usable: true, defaultsValid: true, movedValid: true, removedValid: true, limitsValid: true };
  if (source.data === null || source.data === undefined) {
    result.usable = false;
    result.issues.push({ file: source.file, line: 1, col: 1, field: 'groups', message: 'the file is empty; a config file declares `groups:`' });
    return result;
  }
  const data = source.data as Record<string, unknown>;
  result.usable = isMapping(data) && (data.groups === undefined || isMapping(data.groups));
  if (schema.validate(source.data)) return result;
  for (const error of schema.validate.errors ?? []) {
    // ajv reports a bad property name twice (the inner pattern and propertyNames); keep the latter.
    if ('propertyName' in error) continue;
    result.issues.push(issueFromAjvError(source, schema, error));
    const path = parsePointer(error.instancePath, source.data);
    if (path[0] === 'defaults') result.defaultsValid = false;
    else if (path[0] === 'moved') result.movedValid = false;
    else if (path[0] === 'removed') result.removedValid = false;
    else if (path[0] === 'limits') result.limitsValid = false;
  }
  return result;
}

/** One ajv error as a message at the line and column of the node it is about. */
function issueFromAjvError(source: YamlSource, schema: ConfigSchema, error: ErrorObject): ConfigIssue {
  const path = parsePointer(error.instancePath, source.data);
  const value = valueAt(source.data, path);
  const at = (where: Path, which: 'key' | 'value', message: string): ConfigIssue => {
    const { line, col } = which === 'key' ? source.keyPosition(where) : source.valuePosition(where);
    return { file: source.file, line, col, field: formatField(where), message };
  };
  const last = path[path.length - 1];
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperty':
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      return at([...path, name], 'key', unknownFieldMessage(schema, path, name));
    }
    case 'propertyNames': {
      const key = String(params.propertyName);
      return at([...path, key], 'key', `group key ${JSON.stringify(key)} is not valid: ${KEY_RULE}`);
    }
    case 'required': {
      const missing = String(params.missingProperty);
      return at([...path, missing], 'key', missing === 'groups' ? 'is required: a config file declares `groups:`' : 'is required');
    }
    case 'type':
      return at(path, 'value', typeMessage(source, path, String(params.type), value));
    case 'pattern':
      if (last === 'id') return at(path, 'value', groupIdProblem(value)!);
      if (path[0] === 'moved' || path[0] === 'removed') return at(path, 'value', `${JSON.stringify(String(value))} is not a valid group key: ${KEY_RULE}`);
      return at(path, 'value', userIdMessage(value));
    case 'maxLength':
      return at(path, 'value', `is ${characters(value)} characters; the limit is ${String(params.limit)}`);
    case 'minLength':
      return at(path, 'value', 'is empty; give a value or leave the field out');
    case 'minimum':
      return at(path, 'value', `must be at least ${String(params.limit)}, got ${describeValue(value)}`);
    case 'maxItems':
      return at(path, 'key', tooManyMessage(last, value as unknown[], params.limit));
    case 'uniqueItems': {
      const later = Math.max(Number(params.i), Number(params.j));
      const earlier = Math.min(Number(params.i), Number(params.j));
      const item = (value as unknown[])[later];
      return at([...path, later], 'value', `${JSON.stringify(item)} is listed twice (also item ${earlier + 1} of ${String(last)})`);
    }
    case 'enum':
      return at(path, 'value', enumMessage((params.allowedValues as unknown[]).map(String), value));
    default:
      return at(path, 'value', error.message ?? `fails the schema rule ${error.keyword}`);
  }
}

/** A list over its limit; for admins the limit's reason (owner + admins <= 100). */
function tooManyMessage(last: string | number | undefined, items: readonly unknown[], limit: unknown): string {
  if (last === 'admins') return `lists ${items.length} admins; the limit is ${LIMITS.maxAdmins} (owner + admins <= 100)`;
  return `lists ${items.length} items; the limit is ${String(limit)}`;
}

/** A value not among the allowed ones, with the nearest allowed one when it looks like a typo. */
function enumMessage(allowed: readonly string[], value: unknown): string {
  const hint = typeof value === 'string' ? suggest(value, allowed) : undefined;
  return `expected ${allowed.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeValue(value)}` + (hint ? `; did you mean ${JSON.stringify(hint)}?` : '');
}

const KEY_RULE = 'use 1-128 characters of lowercase a-z, 0-9, "_", "." and "-", starting with a letter or digit';
const USER_RULE = 'use 1-64 characters of lowercase a-z, 0-9, "_", "." and "-"';

function userIdMessage(value: unknown): string {
  const text = String(value);
  const lower = text.toLowerCase();
  const hint = lower !== text && LIMITS.userIdPattern.test(lower) ? ` (ids are case-insensitive: write ${JSON.stringify(lower)})` : '';
  return `${JSON.stringify(text)} is not a valid user id: ${USER_RULE}${hint}`;
}

function unknownFieldMessage(schema: ConfigSchema, path: Path, name: string): string {
  if (path[0] === 'moved') {
    const hint = suggest(name, ['from', 'to']);
    return `unknown field ${JSON.stringify(name)}${hint ? `; did you mean ${JSON.stringify(hint)}?` : '; a moved entry has `from` and `to`'}`;
  }
  const where = path.length === 0 ? 'top' : path[0] === 'defaults' ? 'defaults' : 'group';
  if (where === 'defaults' && schema.groupFields.includes(name)) {
    return `${JSON.stringify(name)} cannot be a default: defaults hold the settings (all but name) and disabled`;
  }
  const allowed = where === 'top' ? schema.topFields : where === 'defaults' ? schema.defaultsFields : schema.groupFields;
  const hint = suggest(name, allowed);
  if (hint) return `unknown field ${JSON.stringify(name)}; did you mean ${JSON.stringify(hint)}?`;
  const extra = where === 'top' ? ' (or an `x-` field for anchors)' : '';
  return `unknown field ${JSON.stringify(name)}; allowed: ${allowed.join(', ')}${extra}`;
}

const TYPE_NAMES: Record<string, string> = {
  boolean: 'a boolean',
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  array: 'a list',
  object: 'a mapping',
  null: 'nothing',
};

function typeMessage(source: YamlSource, path: Path, type: string, value: unknown): string {
  const expected = TYPE_NAMES[type] ?? type;
  const got = describeValue(value);
  if (path[path.length - 1] === 'id' && typeof value === 'number') {
    // Big ids lose digits as YAML numbers; quote the digits as they were written.
    const written = source.sourceText(path) ?? String(value);
    return `expected a group id (a string), got number ${written}; quote it: id: "${written}"`;
  }
  return `expected ${expected}, got ${got}`;
}

/** `string "yes"`, `number 5`, `boolean true`, `null`, `a list`, `a mapping`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null (nothing)';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
    case 'number':
    case 'boolean':
      return `${typeof value} ${String(value)}`;
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}

/** Code points, as the schema's maxLength counts them. */
function characters(value: unknown): number {
  return [...String(value)].length;
}

/** JSON pointer to a path; a segment is a number only where the data is a list (keys may be digits). */
function parsePointer(pointer: string, data: unknown): Path {
  if (pointer === '') return [];
  const path: Path = [];
  let current = data;
  for (const raw of pointer.slice(1).split('/')) {
    const part = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    const segment = Array.isArray(current) ? Number(part) : part;
    path.push(segment);
    current = current !== null && typeof current === 'object' ? (current as Record<string | number, unknown>)[segment] : undefined;
  }
  return path;
}

function isMapping(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(data: unknown, path: Path): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** `groups.eng-all.admins[1]`; `(file)` for the whole file. */
export function formatField(path: readonly (string | number)[]): string {
  let text = '';
  for (const segment of path) text += typeof segment === 'number' ? `[${segment}]` : text === '' ? segment : `.${segment}`;
  return text === '' ? '(file)' : text;
}

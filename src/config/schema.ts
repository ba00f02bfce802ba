/**
 * The JSON Schema of a config file (schemas/groupctl.schema.json, shipped with the package
 * and referenced by the examples for editor support), compiled once.
 */
import { readFileSync } from 'node:fs';
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';

// ajv is CommonJS; under NodeNext its class is the default export's `default`.
const Ajv = AjvModule.default;

/** From src/config/ and from dist/config/ alike. */
export const SCHEMA_URL = new URL('../../schemas/groupctl.schema.json', import.meta.url);

interface ObjectSchema {
  properties: Record<string, { description?: string }>;
}

/** The compiled config schema and the field names messages suggest from. */
export interface ConfigSchema {
  validate: ValidateFunction;
  /** Allowed field names, for did-you-mean. */
  topFields: readonly string[];
  groupFields: readonly string[];
  defaultsFields: readonly string[];
}

let compiled: ConfigSchema | undefined;

/** schemas/groupctl.schema.json compiled once per process: compiling costs more than checking. */
export function configSchema(): ConfigSchema {
  if (compiled) return compiled;
  const schema = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as ObjectSchema & {
    properties: { defaults: ObjectSchema };
    definitions: { group: ObjectSchema };
  };
  const ajv = new Ajv({ allErrors: true, strict: true });
  compiled = {
    validate: ajv.compile(schema),
    topFields: Object.keys(schema.properties),
    groupFields: Object.keys(schema.definitions.group.properties),
    defaultsFields: Object.keys(schema.properties.defaults.properties),
  };
  return compiled;
}

/** ajv's error type, so schema-issues.ts needs no import of ajv. */
export type { ErrorObject };

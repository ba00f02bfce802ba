/**
 * The JSON Schema of a config file (schemas/groupctl.schema.json, shipped with the package
 * and referenced by the examples for editor support), compiled once: at build time into
 * dist/config/ (src/config/compile-schema.mjs), else by ajv when the process starts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, Options, ValidateFunction } from 'ajv';

/** From src/config/ and from dist/config/ alike. */
export const SCHEMA_URL = new URL('../../schemas/groupctl.schema.json', import.meta.url);

/** The options the schema is compiled with, at build time and at run time alike. */
export const AJV_OPTIONS: Options = { allErrors: true, strict: true };

/** The build's standalone validator, beside this file in dist/ (absent when tests run src/). */
export const STANDALONE_FILE = 'groupctl-schema.validate.cjs';

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

// ajv and the generated file are CommonJS; require keeps configSchema synchronous.
const require = createRequire(import.meta.url);
let compiled: ConfigSchema | undefined;

/** schemas/groupctl.schema.json compiled once per process: compiling costs more than checking. */
export function configSchema(): ConfigSchema {
  if (compiled) return compiled;
  const schema = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as ObjectSchema & {
    properties: { defaults: ObjectSchema };
    definitions: { group: ObjectSchema };
  };
  compiled = {
    validate: validatorFor(schema),
    topFields: Object.keys(schema.properties),
    groupFields: Object.keys(schema.definitions.group.properties),
    defaultsFields: Object.keys(schema.properties.defaults.properties),
  };
  return compiled;
}

function validatorFor(schema: object): ValidateFunction {
  const built = new URL(STANDALONE_FILE, import.meta.url);
  if (existsSync(built)) return (require(fileURLToPath(built)) as { default: ValidateFunction }).default;
  return compileSchema(schema);
}

/** ajv's own compile: what the build does, at run time (tests of src/, and the build's cross-check). */
export function compileSchema(schema: object): ValidateFunction {
  const Ajv = (require('ajv') as { default: new (options: Options) => { compile(s: object): ValidateFunction } }).default;
  return new Ajv(AJV_OPTIONS).compile(schema);
}

/** ajv's error type, so schema-issues.ts needs no import of ajv. */
export type { ErrorObject };

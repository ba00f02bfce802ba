/**
 * The JSON Schema of a plan (schemas/plan.schema.json, shipped for policy tools) as the
 * reader of saved plans uses it: compiled once, at build time into dist/plan/
 * (src/plan/compile-schema.mjs), else by ajv when the process starts (tests of src/). One
 * validator for the plan around its steps (the frame) and one per step action, so a bad
 * step is told against the shape of its own action rather than against all of them (the
 * schema's `oneOf`). The step validators are the schema's `step_<action>` definitions, so
 * an action the schema gains is read without a change here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, Options, ValidateFunction } from 'ajv';

export const PLAN_SCHEMA_URL = new URL('../../schemas/plan.schema.json', import.meta.url);

/** The build and the run time compile with the same options; verbose gives messages the value and the rule. */
export const PLAN_AJV_OPTIONS: Options = { allErrors: true, strict: true, verbose: true };

/** The build's standalone validators, beside this file in dist/ (absent when tests run src/). */
export const PLAN_STANDALONE_FILE = 'plan-schema.validate.cjs';

/** The validator of everything but the steps' items. */
export const FRAME = 'frame';

/** Each step action's validator is named by its schema definition. */
export const STEP_PREFIX = 'step_';

/** The parts of the schema file this reader relies on. */
export interface PlanSchemaFile {
  $id: string;
  properties: Record<string, object> & { steps: { items?: unknown } };
  definitions: Record<string, unknown>;
}

/** `frame` for the plan around its steps, `step_<action>` for one step of that action. */
export type PlanValidators = Readonly<Record<string, ValidateFunction>>;

/**
 * The schemas to add to ajv (the shipped one, and a copy whose steps are any list, the
 * frame) and the validators' names with the refs they check: for the build and the run
 * time alike.
 */
export function planSchemaParts(schema: PlanSchemaFile): { schemas: object[]; refs: Record<string, string> } {
  const { items: _items, ...steps } = schema.properties.steps;
  const frameId = schema.$id.replace(/\.json$/, '.frame.json');
  const frame = { ...schema, $id: frameId, properties: { ...schema.properties, steps } };
  const refs: Record<string, string> = { [FRAME]: frameId };
  for (const name of Object.keys(schema.definitions)) if (name.startsWith(STEP_PREFIX)) refs[name] = `${schema.$id}#/definitions/${name}`;
  return { schemas: [schema, frame], refs };
}

// ajv and the generated file are CommonJS; require keeps planValidators synchronous.
const require = createRequire(import.meta.url);
let compiled: PlanValidators | undefined;

/** The validators, compiled (or loaded) once per process, on the first saved plan read. */
export function planValidators(): PlanValidators {
  if (compiled) return compiled;
  const built = new URL(PLAN_STANDALONE_FILE, import.meta.url);
  compiled = existsSync(built)
    ? (require(fileURLToPath(built)) as PlanValidators)
    : compilePlanSchema(JSON.parse(readFileSync(PLAN_SCHEMA_URL, 'utf8')) as PlanSchemaFile);
  return compiled;
}

/** ajv's own compile: what the build does, at run time. */
export function compilePlanSchema(schema: PlanSchemaFile): PlanValidators {
  type Ajv = { addSchema(s: object[]): void; getSchema(ref: string): ValidateFunction | undefined };
  const AjvClass = (require('ajv') as { default: new (options: Options) => Ajv }).default;
  const ajv = new AjvClass(PLAN_AJV_OPTIONS);
  const { schemas, refs } = planSchemaParts(schema);
  ajv.addSchema(schemas);
  return Object.fromEntries(Object.entries(refs).map(([name, ref]) => [name, ajv.getSchema(ref)!]));
}

export type { ErrorObject };

/**
 * schemas/plan.schema.json compiled with ajv, and nothing of src/: the global teardown
 * (which runs outside the test workers) checks saved plan files with it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AjvModule from 'ajv';

const Ajv = AjvModule.default;
export const PLAN_SCHEMA_FILE = fileURLToPath(new URL('../../schemas/plan.schema.json', import.meta.url));
const validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(PLAN_SCHEMA_FILE, 'utf8')) as object);

/** What is wrong with a plan JSON value, one line per problem; empty when it matches. */
export function planSchemaProblems(value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/**
 * A file that holds a groupctl plan (saved by --out or printed by --format json), and not
 * an apply report (`--report`), which also has steps and a summary but says when it ran.
 */
export function looksLikePlan(value: unknown): boolean {
  const v = value as { format_version?: unknown; steps?: unknown; summary?: unknown } | null;
  return typeof v === 'object' && v !== null && 'format_version' in v && Array.isArray(v.steps) && typeof v.summary === 'object' && !('started' in v);
}

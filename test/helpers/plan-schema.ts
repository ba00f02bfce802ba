/**
 * schemas/plan.schema.json as a test oracle: every plan the tests make, in memory or saved
 * by the CLI, must match it (conftest/OPA users write policies against that schema).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvModule from 'ajv';
import { renderJson } from '../../src/render/render-json.js';
import type { Plan } from '../../src/plan/types.js';

const Ajv = AjvModule.default;
const SCHEMA_FILE = fileURLToPath(new URL('../../schemas/plan.schema.json', import.meta.url));
const validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object);

/** What is wrong with a plan JSON value, one line per problem; empty when it matches. */
export function planSchemaProblems(value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** Throws (failing the test) when the plan, as `plan --format json` prints it, does not match the schema. */
export function expectPlanMatchesSchema(plan: Plan): void {
  const problems = planSchemaProblems(JSON.parse(renderJson(plan)));
  if (problems.length > 0) throw new Error(`the plan does not match ${path.basename(SCHEMA_FILE)}:\n  ${problems.slice(0, 10).join('\n  ')}`);
}

/** A file that holds a groupctl plan (saved by --out or printed by --format json). */
export function looksLikePlan(value: unknown): boolean {
  const v = value as { format_version?: unknown; steps?: unknown; summary?: unknown } | null;
  return typeof v === 'object' && v !== null && 'format_version' in v && Array.isArray(v.steps) && typeof v.summary === 'object';
}

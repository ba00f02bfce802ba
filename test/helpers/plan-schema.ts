/**
 * schemas/plan.schema.json as a test oracle: every plan the tests make, in memory or saved
 * by the CLI, must match it (conftest/OPA users write policies against that schema).
 */
import path from 'node:path';
import { renderJson } from '../../src/render/render-json.js';
import type { Plan } from '../../src/plan/types.js';
import { PLAN_SCHEMA_FILE, planSchemaProblems } from './plan-schema-check.js';

export { looksLikePlan, planSchemaProblems } from './plan-schema-check.js';

/** Throws (failing the test) when the plan, as `plan --format json` prints it, does not match the schema. */
export function expectPlanMatchesSchema(plan: Plan): void {
  const problems = planSchemaProblems(JSON.parse(renderJson(plan)));
  if (problems.length > 0) throw new Error(`the plan does not match ${path.basename(PLAN_SCHEMA_FILE)}:\n  ${problems.slice(0, 10).join('\n  ')}`);
}

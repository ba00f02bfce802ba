/**
 * schemas/plan.schema.json describes the plan JSON exactly: the renderers' samples match,
 * and a plan with a mistake of each kind does not.
 */
import { describe, expect, it } from 'vitest';
import { sealPlan } from '../../src/plan/fingerprint.js';
import type { Step } from '../../src/plan/types.js';
import { renderJson } from '../../src/render/index.js';
import { expectPlanMatchesSchema, planSchemaProblems } from '../helpers/plan-schema.js';
import { makeTestPlan, samplePlan, step } from '../render/plan-builders.js';

function json(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

describe('the plan schema', () => {
  it('accepts a plan of every action, saved fingerprints included', () => {
    const plan = samplePlan();
    expectPlanMatchesSchema(plan);
    expectPlanMatchesSchema({ ...plan, fingerprints: { '228001': 'sha256:abc' }, creates: ['design'] });
    expectPlanMatchesSchema(
      makeTestPlan([step.bare('enable', 'a', '1'), step.bare('disable', 'a', '1'), step.user('remove-admin', 'a', '1', 'bob'), step.user('add-member', 'a', '1', 'eve')]),
    );
  });

  it('accepts an import step and a sealed plan (lineage, serial, digest)', () => {
    const withImport = makeTestPlan([
      { group: 'eng', group_id: '228001', action: 'import', details: { owner: 'alice', name: 'Eng' } } as Step,
      step.user('add-member', 'eng', '228001', 'dave'),
    ]);
    const sealed = sealPlan(withImport, new Map([['228001', null]]), { lineage: '6f1c3c1e-0000-4000-8000-000000000000', serial: 3 });
    expectPlanMatchesSchema(sealed);
    expect(planSchemaProblems(json({ ...JSON.parse(renderJson(sealed)), digest: 'edited' })).some((p) => p.startsWith('/digest'))).toBe(true);
  });

  const base = JSON.parse(renderJson(samplePlan())) as Record<string, unknown>;
  const steps = base.steps as Array<Record<string, unknown>>;
  it.each([
    ['another format_version', { ...base, format_version: 2 }, '/format_version'],
    ['an unknown action', { ...base, steps: [{ ...steps[0], action: 'rename' }] }, '/steps/0'],
    ['a risky step not marked risky', { ...base, steps: [{ ...steps[1], risky: undefined }] }, '/steps/0'],
    ['details of another action', { ...base, steps: [{ ...steps[0], details: { user: 'x' } }] }, '/steps/0'],
    ['an unknown setting', { ...base, steps: [{ ...steps[0], details: { changes: { colour: { from: null, to: 'red' } } } }] }, '/steps/0'],
    ['a summary without an action', { ...base, summary: { create: 1 } }, '/summary'],
    ['an unknown top-level field', { ...base, extra: true }, '/'],
    ['a group id that could change a URL path', { ...base, unmanaged: [{ group: 'legacy', group_id: '1/../2' }] }, '/unmanaged/0/group_id'],
  ])('refuses %s', (_name, value, where) => {
    const problems = planSchemaProblems(json(value));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.some((p) => p.startsWith(where))).toBe(true);
  });
});

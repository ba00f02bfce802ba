/**
 * One rule for live group ids, held in two places that must agree: the API reader
 * (readGroupId) and schemas/plan.schema.json, which the saved-plan decoder runs (as
 * built, and as the tests' own compile of the file). A plan groupctl prints from ids the
 * API gave it must match its own schema and load again with `apply --plan`; if one
 * drifts, a row here fails.
 */
import { describe, expect, it } from 'vitest';
import { readGroupId } from '../../src/api/normalise.js';
import { LIMITS } from '../../src/model/group.js';
import { decodeSavedPlan, PlanDecodeError } from '../../src/plan/decode-plan.js';
import { sealPlan } from '../../src/plan/fingerprint.js';
import { renderJson } from '../../src/render/render-json.js';
import { planSchemaProblems } from '../helpers/plan-schema.js';
import { makeTestPlan, step } from '../render/plan-builders.js';

/** A saved plan whose step, unmanaged entry and fingerprint all name this id. */
function savedPlanNaming(id: string): string {
  const plan = makeTestPlan([step.user('add-member', 'eng', id, 'dave')], { unmanaged: [{ group: 'legacy', group_id: id }] });
  return renderJson(sealPlan(plan, new Map([[id, null]]), { lineage: 'lin-1', serial: 1 }));
}

function apiAccepts(id: string): boolean {
  try {
    readGroupId(id, 'a test answer');
    return true;
  } catch {
    return false;
  }
}

function decoderAccepts(text: string): boolean {
  try {
    decodeSavedPlan(text);
    return true;
  } catch (error) {
    expect(error).toBeInstanceOf(PlanDecodeError);
    return false;
  }
}

describe('the group id rule', () => {
  it.each([
    ['digits, as the service gives them', '228000000000001', true],
    ['a custom id of letters, digits, "_" and "-"', 'Team_Eng-2', true],
    ['64 characters', '9'.repeat(64), true],
    ['65 characters', '9'.repeat(65), false],
    ['empty', '', false],
    ['a path that climbs out', '1/../2', false],
    ['a dot', '12.5', false],
    ['a percent escape', '%2F', false],
    ['a space', '228 1', false],
    ['a trailing newline', '228001\n', false],
    ['a letter outside ASCII', 'gruppé', false],
  ])('%s: the API reader, the plan decoder and the plan schema agree', (_name, id, valid) => {
    const text = savedPlanNaming(id);
    expect(LIMITS.groupIdPattern.test(id)).toBe(valid);
    expect(apiAccepts(id)).toBe(valid);
    expect(decoderAccepts(text)).toBe(valid);
    const problems = planSchemaProblems(JSON.parse(text));
    expect(problems.length === 0).toBe(valid);
    expect(problems.some((p) => p.startsWith('/unmanaged/0/group_id'))).toBe(!valid);
    expect(problems.some((p) => p.startsWith('/fingerprints'))).toBe(!valid);
  });
});

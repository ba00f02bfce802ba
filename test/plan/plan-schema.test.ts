/**
 * The validators the saved-plan reader uses (src/plan/plan-schema.ts): the schema's
 * `step_<action>` definitions become validators by their names alone, so a step kind the
 * schema gains (issue 24's lists, say) is read without a change in code; and the build's
 * standalone file gives what ajv compiles from the schema at run time.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { stepActions } from '../../src/plan/decode-plan.js';
import { compilePlanSchema, FRAME, PLAN_STANDALONE_FILE, type PlanSchemaFile, type PlanValidators } from '../../src/plan/plan-schema.js';
import { describeSchemaErrors } from '../../src/plan/schema-messages.js';
import { renderJson } from '../../src/render/render-json.js';
import { samplePlan } from '../render/plan-builders.js';

const schema = JSON.parse(readFileSync(new URL('../../schemas/plan.schema.json', import.meta.url), 'utf8')) as PlanSchemaFile;

describe('the plan validators', () => {
  it('pick up a step kind the schema gains, and tell its steps against its own shape', () => {
    const pin = {
      type: 'object',
      additionalProperties: false,
      required: ['group', 'action', 'details'],
      properties: {
        group: { $ref: '#/definitions/key' },
        group_id: { $ref: '#/definitions/group_id' },
        action: { const: 'pin' },
        details: { type: 'object', additionalProperties: false, required: ['message'], properties: { message: { type: 'string' } } },
      },
    };
    const validators = compilePlanSchema({ ...schema, definitions: { ...schema.definitions, step_pin: pin } });
    expect(stepActions(validators)).toEqual([...stepActions(compilePlanSchema(schema)), 'pin']);
    const step = { group: 'eng', group_id: '228001', action: 'pin', details: { text: 'hi' } };
    expect(validators.step_pin!(step)).toBe(false);
    expect(describeSchemaErrors(validators.step_pin!.errors!, step, 'steps[0]')).toEqual(['steps[0].details: missing message', 'steps[0].details: unknown field "text"']);
  });

  it("are the build's standalone code and ajv's own compile alike", () => {
    const built = createRequire(import.meta.url)(`../../dist/plan/${PLAN_STANDALONE_FILE}`) as PlanValidators;
    const compiled = compilePlanSchema(schema);
    expect(Object.keys(built).sort()).toEqual(Object.keys(compiled).sort());
    const plan = JSON.parse(renderJson(samplePlan())) as Record<string, any>;
    const broken = { ...plan, live_members: -1, extra: 1, steps: 'none' };
    const errorsOf = (validators: PlanValidators, name: string, value: unknown) => {
      validators[name]!(value);
      return (validators[name]!.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`);
    };
    expect(errorsOf(built, FRAME, plan)).toEqual([]);
    expect(errorsOf(built, FRAME, broken)).toEqual(errorsOf(compiled, FRAME, broken));
    expect(errorsOf(built, FRAME, broken).length).toBeGreaterThan(0);
    const step = { ...plan.steps[2], details: { user: '../x' } };
    expect(errorsOf(built, 'step_add-admin', step)).toEqual(errorsOf(compiled, 'step_add-admin', step));
    expect(errorsOf(built, 'step_add-admin', step)).toEqual(['/details/user pattern']);
  });
});

/**
 * The saved plan's shape is written twice: as TypeScript types (src/plan/types.ts,
 * step-details.ts), which the code is checked against, and as schemas/plan.schema.json,
 * which decodes saved plans and ships to policy tools. Generating one from the other
 * costs more than it saves, so this reads both, the types with the TypeScript compiler,
 * and fails when they disagree: the actions, each action's details fields and which of
 * them are required, the step's own fields, and the settings.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/plan/types.js';

type Schema = { $ref?: string; required?: string[]; properties?: Record<string, Schema>; oneOf?: Schema[] };
const schema = JSON.parse(readFileSync(new URL('../../schemas/plan.schema.json', import.meta.url), 'utf8')) as Schema & {
  definitions: Record<string, Schema>;
  properties: { summary: Schema };
};
const resolve = (s: Schema): Schema => (s.$ref ? schema.definitions[s.$ref.replace('#/definitions/', '')]! : s);
const STEP = 'step_';
const schemaActions = Object.keys(schema.definitions).filter((n) => n.startsWith(STEP)).map((n) => n.slice(STEP.length));

/** Fields the JSON adds for reviewers only (render-json), absent from the types. */
const OUTPUT_ONLY = ['risky', 'notable'];

const program = ts.createProgram([fileURLToPath(new URL('../../src/plan/types.ts', import.meta.url))], { strict: true, noEmit: true });
const checker = program.getTypeChecker();

function exported(file: string, name: string): ts.Type {
  const source = program.getSourceFile(fileURLToPath(new URL(`../../src/${file}`, import.meta.url)))!;
  const symbol = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).find((s) => s.name === name)!;
  return checker.getDeclaredTypeOfSymbol(symbol);
}

/** A type's fields: every name, and the ones that are not optional. */
function fieldsOf(type: ts.Type): { all: string[]; required: string[] } {
  const props = checker.getPropertiesOfType(type);
  return {
    all: props.map((p) => p.name).sort(),
    required: props.filter((p) => (p.flags & ts.SymbolFlags.Optional) === 0).map((p) => p.name).sort(),
  };
}

function propertyType(type: ts.Type, name: string): ts.Type {
  return checker.getNonNullableType(checker.getTypeOfSymbol(type.getProperty(name)!));
}

const sorted = (names: readonly string[] = []) => [...names].sort();

describe('the plan types and the plan schema agree', () => {
  const actionUnion = exported('plan/types.ts', 'Action');
  const typeActions = (actionUnion.isUnion() ? actionUnion.types : [actionUnion]).map((t) => (t as ts.StringLiteralType).value);
  const detailsByAction = exported('plan/step-details.ts', 'DetailsByAction');

  it('on the actions: the Action type, ACTIONS, the step_<action> definitions, the step oneOf and the summary', () => {
    expect(sorted(schemaActions)).toEqual(sorted(typeActions));
    expect(sorted(ACTIONS)).toEqual(sorted(typeActions));
    expect(sorted(fieldsOf(detailsByAction).all)).toEqual(sorted(typeActions));
    expect(sorted(schema.definitions.step!.oneOf!.map((s) => s.$ref!.replace(`#/definitions/${STEP}`, '')))).toEqual(sorted(schemaActions));
    expect(sorted(schema.properties.summary.required)).toEqual(sorted(typeActions));
  });

  it.each(schemaActions)("on the details of %s: their fields and which are required", (action) => {
    const details = resolve(resolve(schema.definitions[`${STEP}${action}`]!).properties!.details!);
    const types = fieldsOf(propertyType(detailsByAction, action));
    expect(sorted(Object.keys(details.properties ?? {}))).toEqual(types.all);
    expect(sorted(details.required)).toEqual(types.required);
  });

  it.each(schemaActions)("on the fields of a %s step", (action) => {
    const step = schema.definitions[`${STEP}${action}`]!;
    const stepType = exported('plan/types.ts', 'Step');
    const ofAction = (stepType.isUnion() ? stepType.types : [stepType]).find((t) => (checker.getTypeOfSymbol(t.getProperty('action')!) as ts.StringLiteralType).value === action)!;
    const types = fieldsOf(ofAction);
    expect(sorted(Object.keys(step.properties!).filter((f) => !OUTPUT_ONLY.includes(f)))).toEqual(types.all);
    // The type leaves group_id optional on every step (a create has none); the schema requires it of an import, which binds it.
    const extra = action === 'import' ? ['group_id'] : [];
    expect(sorted(step.required!.filter((f) => !OUTPUT_ONLY.includes(f)))).toEqual(sorted([...types.required, ...extra]));
  });

  it('on the settings a create sends and an update changes', () => {
    const settings = fieldsOf(exported('model/group.ts', 'Settings'));
    expect(sorted(Object.keys(schema.definitions.settings!.properties!))).toEqual(settings.all);
    expect(settings.required).toEqual([]);
    const changes = resolve(schema.definitions.details_update!).properties!.changes!;
    expect(sorted(Object.keys(changes.properties!))).toEqual(settings.all);
  });
});

/** The schema is the configuration reference: complete, described, closed, and true to the contract. */
import { readFileSync } from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configSchema, SCHEMA_URL } from '../../src/config/schema.js';
import { SETTING_NAMES } from '../../src/model/group.js';

type Schema = Record<string, unknown>;
const schema = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as Schema;

/** Every object schema with `properties`, and every property schema, with its path. */
function walk(node: Schema, path: string, visit: (node: Schema, path: string) => void): void {
  visit(node, path);
  for (const [name, child] of Object.entries((node.properties ?? {}) as Record<string, Schema>)) walk(child, `${path}.properties.${name}`, visit);
  for (const [name, child] of Object.entries((node.definitions ?? {}) as Record<string, Schema>)) walk(child, `${path}.definitions.${name}`, visit);
  for (const [name, child] of Object.entries((node.patternProperties ?? {}) as Record<string, Schema>)) walk(child, `${path}.patternProperties.${name}`, visit);
}

describe('schemas/groupctl.schema.json', () => {
  it('has an $id and a title', () => {
    expect(schema.$id).toMatch(/groupctl\.schema\.json$/);
    expect(schema.title).toEqual(expect.any(String));
  });

  it('describes every property and closes every object', () => {
    const undescribed: string[] = [];
    const open: string[] = [];
    walk(schema, '#', (node, path) => {
      if (typeof node.description !== 'string' || node.description.length < 10) undescribed.push(path);
      if (node.properties && node.additionalProperties !== false) open.push(path);
    });
    expect(undescribed).toEqual([]);
    expect(open).toEqual([]);
  });

  it('lets a group set every setting of the model, and defaults every one but name', () => {
    const { groupFields, defaultsFields } = configSchema();
    for (const name of SETTING_NAMES) expect(groupFields).toContain(name);
    expect(defaultsFields).toEqual([...SETTING_NAMES.filter((name) => name !== 'name'), 'disabled']);
  });

  it('compiles under a strict draft 2020-12 validator too', () => {
    const Ajv2020 = Ajv2020Module.default;
    const { $schema: _draft, ...body } = schema;
    expect(() => new Ajv2020({ strict: true }).compile(body)).not.toThrow();
  });

  it('accepts the configuration example of the contract', () => {
    const example = parse(`
defaults:
  public: false
  max_users: 500
groups:
  eng-all:
    name: Engineering
    description: All engineers
    avatar: https://example.com/eng.png
    owner: alice
    admins: [bob, carol]
    members: [dave, erin]
    public: false
    max_users: 500
    allow_invites: false
    members_only: true
    invite_need_confirm: false
    custom: "team=eng"
    disabled: false
    id: "228000000000000"
    protect: true
`);
    const { validate } = configSchema();
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
  });
});

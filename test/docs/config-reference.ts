/**
 * The configuration reference (examples/REFERENCE.md), generated from schemas/groupctl.schema.json: one
 * row per field of a group, with its type and the schema's own description, so the reference
 * cannot drift from the schema.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/cli.js';

export const START = '<!-- config-reference:start (generated from schemas/groupctl.schema.json by test/docs/config-reference.ts) -->';
export const END = '<!-- config-reference:end -->';

interface Property {
  type?: string;
  enum?: string[];
  maxLength?: number;
  minimum?: number;
  maxItems?: number;
  items?: { $ref?: string };
  allOf?: Array<{ $ref?: string }>;
  description?: string;
}

interface Schema {
  description: string;
  properties: {
    defaults: { properties: Record<string, Property>; description: string };
    groups: { description: string };
    moved: { description: string };
    removed: { description: string };
  };
  patternProperties: Record<string, { description: string }>;
  definitions: {
    key: Property;
    user: Property;
    move: { properties: Record<string, Property> };
    group: { properties: Record<string, Property> };
  };
}

export function readSchema(): Schema {
  return JSON.parse(readFileSync(path.join(ROOT, 'schemas/groupctl.schema.json'), 'utf8')) as Schema;
}

function typeOf(p: Property): string {
  const ref = p.allOf?.[0]?.$ref ?? p.items?.$ref;
  if (p.enum) return p.enum.map((e) => `\`${e}\``).join(' \\| ');
  if (p.type === 'array') return `list of ${ref?.endsWith('/user') ? 'user ids' : 'values'}${p.maxItems ? ` (≤ ${p.maxItems})` : ''}`;
  if (ref?.endsWith('/user')) return 'user id';
  if (p.type === 'integer') return `integer${p.minimum !== undefined ? ` ≥ ${p.minimum}` : ''}`;
  if (p.type === 'string') return `string${p.maxLength ? ` (≤ ${p.maxLength})` : ''}`;
  return p.type ?? 'any';
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderConfigReference(schema: Schema = readSchema()): string {
  const inDefaults = new Set(Object.keys(schema.properties.defaults.properties));
  const rows = Object.entries(schema.definitions.group.properties).map(
    ([name, p]) => `| \`${name}\` | ${typeOf(p)} | ${inDefaults.has(name) ? 'yes' : ''} | ${cell(p.description ?? '')} |`,
  );
  return [
    START,
    '',
    `A config file: ${cell(schema.description)}`,
    '',
    '| top level | meaning |',
    '|---|---|',
    `| \`defaults\` | ${cell(schema.properties.defaults.description)} |`,
    `| \`groups\` | ${cell(schema.properties.groups.description)} Key: ${cell(schema.definitions.key.description ?? '')} |`,
    `| \`moved\` | ${cell(schema.properties.moved.description)} Each entry: ${Object.entries(schema.definitions.move.properties)
      .map(([name, p]) => `\`${name}\`: ${cell(p.description ?? '')}`)
      .join(' ')} |`,
    `| \`removed\` | ${cell(schema.properties.removed.description)} |`,
    ...Object.entries(schema.patternProperties).map(([pattern, p]) => `| \`${pattern}\` | ${cell(p.description)} |`),
    '',
    'Fields of a group. ' + cell(schema.definitions.user.description ?? ''),
    '',
    '| field | type | in `defaults` | meaning |',
    '|---|---|---|---|',
    ...rows,
    '',
    END,
  ].join('\n');
}

/** The block between the markers in a README, markers included; undefined when absent. */
export function currentReference(readme: string): string | undefined {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  return start >= 0 && end > start ? readme.slice(start, end + END.length) : undefined;
}

/** The build's standalone config validator (src/config/compile-schema.mjs) judges exactly as ajv's run-time compile of the schema. */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileSchema, SCHEMA_URL, STANDALONE_FILE } from '../../src/config/schema.js';

const built = fileURLToPath(new URL(`../../dist/config/${STANDALONE_FILE}`, import.meta.url));
const schema = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as object;

const DOCUMENTS: Record<string, unknown> = {
  example: parse(readFileSync(new URL('../../examples/small-team/groups.yaml', import.meta.url), 'utf8')),
  unknownField: { groups: { a: { name: 'x', bogus: 1 } } },
  wrongTypes: { defaults: { public: 'yes' }, groups: { a: { name: 7, max_users: -1, members: ['u1', 'u1'] } } },
  notAnObject: ['groups'],
  moved: { moved: [{ from: 'a' }], removed: [1] },
};

describe('dist/config standalone validator', () => {
  it('exists after npm run build', () => {
    expect(existsSync(built)).toBe(true);
  });

  it.each(Object.keys(DOCUMENTS))('gives the same verdict and errors as ajv.compile for %s', (name) => {
    const standalone = (createRequire(import.meta.url)(built) as { default: (d: unknown) => boolean & { errors?: unknown } }).default as unknown as ((d: unknown) => boolean) & { errors?: unknown };
    const compiled = compileSchema(schema);
    const document = DOCUMENTS[name];
    const verdict = standalone(document);
    expect(verdict).toBe(compiled(document));
    expect(standalone.errors ?? null).toEqual(compiled.errors ?? null);
  });
});

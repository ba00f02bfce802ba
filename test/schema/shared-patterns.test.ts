/**
 * The id and key rules live twice by necessity: in the JSON schemas (for editors, CI
 * policies and other tools) and in model/group.ts LIMITS (for the code that decodes and
 * builds plans and config). This pins each schema pattern to its LIMITS rule, so editing
 * one without the other fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/model/group.js';

type Definitions = Record<string, { pattern?: string; properties?: Record<string, { pattern?: string }> }>;

function definitionsOf(file: string): Definitions {
  const schema = JSON.parse(readFileSync(new URL(`../../schemas/${file}`, import.meta.url), 'utf8')) as { definitions: Definitions };
  return schema.definitions;
}

describe('the patterns the schemas share with the code', () => {
  const config = definitionsOf('groupctl.schema.json');
  const plan = definitionsOf('plan.schema.json');

  it.each([
    ['a config key in the config schema', config.key?.pattern, LIMITS.keyPattern],
    ['a config key in the plan schema', plan.key?.pattern, LIMITS.keyPattern],
    ['a user id in the config schema', config.user?.pattern, LIMITS.userIdPattern],
    ['a user id a step sends, in the plan schema', plan.user_id?.pattern, LIMITS.userIdPattern],
    ['a group id in the plan schema', plan.group_id?.pattern, LIMITS.groupIdPattern],
    ['a group id in the config schema (`id:`)', config.group?.properties?.id?.pattern, LIMITS.groupIdPattern],
  ])('%s', (_name, pattern, rule) => {
    expect(pattern).toBe(rule.source);
    expect(rule.flags).toBe('');
  });
});

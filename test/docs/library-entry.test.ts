/** The library entry exports what the README promises embedders. */
import { expect, it } from 'vitest';
import * as groupctl from '../../src/index.js';

it.each([
  'loadConfig',
  'validateConfig',
  'ConfigError',
  'makePlan',
  'applyPlan',
  'checkApplyGuards',
  'resolveIntents',
  'readLive',
  'renderText',
  'renderJson',
  'renderMarkdown',
  'StateStore',
  'createGroupService',
  'connectionFromEnv',
  'HttpGroupService',
  'ApiError',
  'startEmulator',
  'GroupStore',
  'toConfig',
  'withFingerprints',
  'checkSavedPlan',
])('exports %s', (name) => {
  expect(typeof (groupctl as Record<string, unknown>)[name]).toBe('function');
});

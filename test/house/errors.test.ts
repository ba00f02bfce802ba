/**
 * Issue 20, errors built in one place: every ApiError comes from api/build-errors.ts (a
 * ServiceError only from service-error.ts, which maps one), so each is worded, redacted
 * and given its kind the same way; and only api/ (the group API) and comment/ (its own
 * small client for the code hosts) load undici, so no command talks HTTP past them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const SRC = path.join(ROOT, 'src');
const FILES = (readdirSync(SRC, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.split(path.sep).join('/'))
  .sort();
const text = (f: string): string => readFileSync(path.join(SRC, f), 'utf8');

/** Files whose source matches `pattern`. */
const filesMatching = (pattern: RegExp): string[] => FILES.filter((f) => pattern.test(text(f)));

describe('errors built in one place', () => {
  it('builds ApiErrors only in api/build-errors.ts', () => {
    expect(filesMatching(/\bnew ApiError\s*\(/)).toEqual(['api/build-errors.ts']);
  });

  it('builds ServiceErrors only in api/service-error.ts, from an ApiError', () => {
    expect(filesMatching(/\bnew ServiceError\s*\(/)).toEqual(['api/service-error.ts']);
  });

  it('the rule sees a construction written anywhere (it can fail)', () => {
    expect(/\bnew ApiError\s*\(/.test("throw new ApiError(200, 'not_done', 'x', ref);")).toBe(true);
    expect(filesMatching(/\bnew ApiError\s*\(/).length).toBeGreaterThan(0);
  });
});

describe('HTTP only through api/ and comment/', () => {
  // Any quoted module name of undici: a static import, a dynamic one, or a require of one of its files.
  const IMPORTS_UNDICI = /['"]undici(\/[^'"]*)?['"]/;

  it('only api/ and comment/ import undici', () => {
    const importers = filesMatching(IMPORTS_UNDICI);
    expect(importers.filter((f) => !f.startsWith('api/') && !f.startsWith('comment/'))).toEqual([]);
    expect(importers.some((f) => f.startsWith('api/'))).toBe(true);
  });

  it('the rule sees every way of naming undici (it can fail)', () => {
    for (const line of ["import { request } from 'undici';", "await import('undici')", "load('undici/lib/api/api-request.js')"]) expect(IMPORTS_UNDICI.test(line)).toBe(true);
  });
});

/**
 * canonicalJson is written out by hand for speed (issue 23); saved plans' digests and
 * fingerprints depend on its exact output, so it must stay what the first form gave: entries
 * without undefined, sorted in code-unit order, joined. That form is kept here as the reference.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/plan/fingerprint.js';
import { compareText } from '../../src/util/compare-text.js';

function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => compareText(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

// Keys a plan has, keys that sort differently by code unit and by code point or locale, integer-like keys, and any string.
const key = fc.oneof(fc.constantFrom('id', 'name', 'a', 'B', '10', '9', '__proto__', 'é', '\u{1F600}', '\uFFFF', ''), fc.string());
const value = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, undefined, true, false, 0, -0, 1.5, Number.NaN, 'x', '"q"\n'),
    fc.string(),
    fc.integer(),
    fc.array(tie('any'), { maxLength: 5 }),
    fc.dictionary(key, tie('any'), { maxKeys: 6 }),
  ),
})).any;

describe('canonicalJson', () => {
  it('gives exactly what the reference form gives, for any JSON-like value', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('drops undefined fields, writes an undefined element as nothing, and sorts keys by code unit', () => {
    expect(canonicalJson({ b: 1, a: undefined, B: [undefined, 2], é: 'x', z: null })).toBe('{"B":[,2],"b":1,"z":null,"é":"x"}');
    expect(canonicalJson({ '10': 1, '9': 2 })).toBe('{"10":1,"9":2}');
  });
});

import { describe, expect, it } from 'vitest';
import { compareText } from '../../src/util/compare-text.js';

describe('compareText (the stable-output order)', () => {
  it('sorts by code unit, not by locale: capitals before small letters, accents after z', () => {
    expect(['b', 'é', 'a', 'B', 'z', 'A'].sort(compareText)).toEqual(['A', 'B', 'a', 'b', 'z', 'é']);
  });

  it('puts a prefix first and digits by character, not by number', () => {
    expect(['eng-10', 'eng', 'eng-2', 'eng-1'].sort(compareText)).toEqual(['eng', 'eng-1', 'eng-10', 'eng-2']);
  });

  it('is zero only for equal strings and antisymmetric otherwise', () => {
    expect(compareText('same', 'same')).toBe(0);
    expect(compareText('a', 'b')).toBe(-1);
    expect(compareText('b', 'a')).toBe(1);
  });
});

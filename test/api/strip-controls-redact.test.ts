import { describe, expect, it } from 'vitest';
import { ttlSecondsOf } from '../../src/api/auth.js';
import { stripControls } from '../../src/api/strip-controls.js';
import { redact, SecretSet } from '../../src/api/redact.js';

describe('stripControls', () => {
  it.each([
    ['a screen clear and a title change', 'a\x1b[2Jb\x1b]0;pwned\x07c', 'abc'],
    ['a colour and a blink', '\x1b[31mred\x1b[5m', 'red'],
    ['C1 controls and a bidi override', 'x\x9b2Jy\u202ez', 'x2Jyz'],
    ['newlines and carriage returns', 'one\ntwo\rthree', 'onetwothree'],
    ['plain words', "username X doesn't exist!", "username X doesn't exist!"],
  ])('strips %s', (_label, text, expected) => {
    expect(stripControls(text)).toBe(expected);
  });

  it('keeps a secret split by control characters whole, for redaction to find', () => {
    expect(redact(stripControls('tok\x1b[0men-value'), ['token-value'])).toBe('***');
  });
});

describe('redact', () => {
  const secret = 'se/cr+et"x=';
  it.each([
    ['as sent', secret],
    ['JSON-escaped', JSON.stringify(secret).slice(1, -1)],
    ['JSON-escaped with \\/', JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/')],
    ['as \\u escapes', 'se\\u002fcr\\u002bet\\u0022x\\u003d'],
    ['URL-encoded', encodeURIComponent(secret)],
    ['URL-encoded in lowercase hex', encodeURIComponent(secret).toLowerCase().replace('se', 'se')],
  ])('masks the secret %s', (_label, form) => {
    expect(new SecretSet([secret]).redact(`before ${form} after`)).toBe('before *** after');
  });

  it('masks a Bearer credential but keeps the word after "bearer" in prose', () => {
    expect(redact('Authorization: Bearer YWMtabc123', [])).toBe('Authorization: Bearer ***');
    expect(redact('sent as Bearer emulator-token', [])).toBe('sent as Bearer ***');
    expect(redact('accepted bearer token (default x)', [])).toBe('accepted bearer token (default x)');
  });

  it('masks a token that joins the set later', () => {
    const set = new SecretSet(['first-secret']);
    set.add('issued-token');
    expect(set.redact('issued-token and first-secret')).toBe('*** and ***');
  });
});

describe('ttlSecondsOf (expires_in)', () => {
  it.each([
    [5_184_000, 5_184_000, 'seconds as documented (60 days)'],
    [5_184_000_000, 5_184_000, 'milliseconds, too large to be seconds'],
    ['7200', 7200, 'a numeric string'],
    [0, 3600, 'zero (never expires): refresh after an hour anyway'],
    [undefined, 3600, 'missing'],
    [-5, 3600, 'negative'],
  ])('%j -> %d s (%s)', (value, seconds) => {
    expect(ttlSecondsOf(value)).toBe(seconds);
  });
});

import { describe, expect, it } from 'vitest';
import { backoff, decideRetry, defaultRetryPolicy, parseRetryAfter, type RetryPolicy } from '../../src/api/retry.js';

const policy: RetryPolicy = { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 1000 };
const half = () => 0.5;
const once = { throttled: 0, failed: 1 };
const NOW = Date.UTC(2024, 0, 1, 12, 0, 0);

describe('decideRetry', () => {
  it.each([
    ['a 500 to a repeatable call', { kind: 'status', status: 500 }, true, { retry: true, delayMs: 50 }],
    ['a 502', { kind: 'status', status: 502 }, true, { retry: true, delayMs: 50 }],
    ['a 503', { kind: 'status', status: 503 }, true, { retry: true, delayMs: 50 }],
    ['a 504', { kind: 'status', status: 504 }, true, { retry: true, delayMs: 50 }],
    ['a reset after send, repeatable', { kind: 'network', sent: true }, true, { retry: true, delayMs: 50 }],
    ['a refused connection to create', { kind: 'network', sent: false }, false, { retry: true, delayMs: 50 }],
  ] as const)('retries %s', (_label, outcome, safe, expected) => {
    expect(decideRetry(policy, outcome, once, safe, half, NOW)).toEqual(expected);
  });

  it.each([400, 401, 403, 404, 409, 418])('never retries status %i', (status) => {
    expect(decideRetry(policy, { kind: 'status', status }, once, true, half, NOW)).toMatchObject({
      retry: false,
      ambiguous: false,
    });
  });

  it.each([
    ['a dropped connection', { kind: 'network', sent: true }],
    ['a 500', { kind: 'status', status: 500 }],
    ['a 503', { kind: 'status', status: 503 }],
  ] as const)('does not repeat a create after %s, and calls it ambiguous', (_label, outcome) => {
    expect(decideRetry(policy, outcome, once, false, half, NOW)).toMatchObject({ retry: false, ambiguous: true });
  });

  it('retries a 429 even for a create', () => {
    expect(decideRetry(policy, { kind: 'status', status: 429 }, { throttled: 1, failed: 0 }, false, half, NOW)).toEqual({
      retry: true,
      delayMs: 50,
    });
  });

  it('gives 429s a larger budget than 5xx', () => {
    const at = (n: number) => ({ throttled: n, failed: n });
    expect(decideRetry(policy, { kind: 'status', status: 500 }, at(policy.maxAttempts), true, half, NOW).retry).toBe(false);
    expect(decideRetry(policy, { kind: 'status', status: 429 }, at(policy.maxAttempts), true, half, NOW).retry).toBe(true);
    expect(decideRetry(policy, { kind: 'status', status: 429 }, at(policy.maxAttempts429), true, half, NOW).retry).toBe(false);
    expect(policy.maxAttempts429).toBeGreaterThan(policy.maxAttempts);
  });

  it.each([
    ['seconds', '3', 3000],
    ['an HTTP date', new Date(NOW + 5000).toUTCString(), 5000],
  ])('honours Retry-After in %s', (_label, header, delayMs) => {
    expect(decideRetry(policy, { kind: 'status', status: 429, retryAfter: header }, { throttled: 1, failed: 0 }, true, half, NOW)).toEqual({
      retry: true,
      delayMs,
    });
    expect(decideRetry(policy, { kind: 'status', status: 503, retryAfter: header }, once, true, half, NOW)).toEqual({
      retry: true,
      delayMs,
    });
  });

  it('fails instead of waiting for a Retry-After beyond the cap, and says so for the message', () => {
    expect(decideRetry(policy, { kind: 'status', status: 429, retryAfter: '3600' }, { throttled: 1, failed: 0 }, true, half, NOW)).toEqual({
      retry: false,
      ambiguous: false,
      why: 'gave up after 1 attempt: the server asks to wait 3600 s, more than the 60 s groupctl waits',
      retryable: true,
    });
  });

  it.each([
    ['429s', { kind: 'status', status: 429 }, { throttled: policy.maxAttempts429, failed: 0 }, `gave up after ${policy.maxAttempts429} attempts: the most groupctl makes while the server answers 429`],
    ['5xx', { kind: 'status', status: 503 }, { throttled: 0, failed: policy.maxAttempts }, `gave up after ${policy.maxAttempts} attempts: the most groupctl makes while calls fail`],
    ['no answers', { kind: 'network', sent: true }, { throttled: 1, failed: policy.maxAttempts }, `gave up after ${policy.maxAttempts + 1} attempts: the most groupctl makes while calls fail`],
  ] as const)('says why it gave up when the attempts for %s are spent', (_label, outcome, state, why) => {
    expect(decideRetry(policy, outcome, state, true, half, NOW)).toEqual({ retry: false, ambiguous: false, why, retryable: true });
  });

  it('a status it never retries is no retry verdict for the message', () => {
    expect(decideRetry(policy, { kind: 'status', status: 404 }, once, true, half, NOW)).toMatchObject({ retry: false, retryable: false });
  });
});

describe('backoff', () => {
  it('doubles the ceiling and caps it', () => {
    const top = () => 0.999999;
    expect([0, 1, 2, 3, 4, 5].map((n) => backoff(policy, n, top))).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it('is full jitter: anywhere from zero', () => {
    expect(backoff(policy, 3, () => 0)).toBe(0);
  });
});

describe('parseRetryAfter', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['soon', undefined],
    ['0', 0],
    ['1.5', 1500],
    [new Date(NOW - 10_000).toUTCString(), 0],
  ])('%s -> %s', (header, ms) => {
    expect(parseRetryAfter(header, NOW)).toBe(ms);
  });
});

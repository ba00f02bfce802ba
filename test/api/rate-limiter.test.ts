import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/api/rate-limiter.js';
import { virtualClock } from './virtual-clock.js';
import { makeRandom } from '../helpers/mulberry32.mjs';

/** The largest number of times that fall in any half-open window [t, t + 1000). */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi]! - sorted[lo]! >= 1000) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

async function grantTimes(limiter: RateLimiter, clock: { now(): number }, n: number): Promise<number[]> {
  const times: number[] = [];
  await Promise.all(Array.from({ length: n }, () => limiter.acquire().then(() => times.push(clock.now()))));
  return times;
}

describe('RateLimiter', () => {
  it.each([1, 7, 10, 50, 100, 333])('never starts more than %i requests in any second', async (rate) => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ rate, clock });
    const times = await grantTimes(limiter, clock, rate * 5 + 3);
    expect(busiestSecond(times)).toBeLessThanOrEqual(rate);
  });

  it('still keeps to the rate when the burst is as large as the rate', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ rate: 20, burst: 20, clock });
    const times = await grantTimes(limiter, clock, 200);
    expect(busiestSecond(times)).toBeLessThanOrEqual(20);
  });

  it('lets only a small burst through at once', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ rate: 100, clock });
    const times = await grantTimes(limiter, clock, 50);
    expect(times.filter((t) => t === 0)).toHaveLength(10);
  });

  it('sustains close to the configured rate', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ rate: 100, clock });
    const times = await grantTimes(limiter, clock, 1000);
    // 1000 requests at 100/s with a burst of 10 take about 9.9 s.
    expect(Math.max(...times)).toBeGreaterThanOrEqual(9_000);
    expect(Math.max(...times)).toBeLessThan(11_000);
  });

  it('with jitter: starts come at uneven times, yet at the same rate and never over it in any second', async () => {
    const shareOneIntervalApart = (times: number[]) => times.slice(1).filter((t, i) => t - times[i]! === 10).length / (times.length - 1);
    const even = virtualClock();
    const evenTimes = await grantTimes(new RateLimiter({ rate: 100, clock: even }), even, 1000);
    // Without jitter, nearly every start is exactly one interval after the last: in step with a server's bucket.
    expect(shareOneIntervalApart(evenTimes)).toBeGreaterThan(0.85);

    const clock = virtualClock();
    const limiter = new RateLimiter({ rate: 100, clock, jitter: true, random: makeRandom(7) });
    const times = await grantTimes(limiter, clock, 1000);
    expect(shareOneIntervalApart(times)).toBeLessThan(0.5);
    expect(busiestSecond(times)).toBeLessThanOrEqual(100);
    expect(Math.max(...evenTimes)).toBeGreaterThan(9_000);
    expect(Math.max(...times)).toBeLessThan(Math.max(...evenTimes) + 200);
  });

  it('serves waiters in the order they asked', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ rate: 5, clock });
    const order: number[] = [];
    await Promise.all(Array.from({ length: 20 }, (_, i) => limiter.acquire().then(() => order.push(i))));
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('does not wait at all while tokens are available', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ rate: 100, clock });
    await grantTimes(limiter, clock, 10);
    expect(clock.sleeps).toEqual([]);
  });

  it('sleeps in whole waits, never in a busy loop', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ rate: 10, clock });
    await grantTimes(limiter, clock, 30);
    expect(clock.sleeps.every((ms) => ms >= 1)).toBe(true);
    // 29 waits at most: one per grant after the first.
    expect(clock.sleeps.length).toBeLessThanOrEqual(29);
  });

  it.each([0, -1, Number.NaN, Infinity])('refuses a rate of %s', (rate) => {
    expect(() => new RateLimiter({ rate })).toThrow(/positive number/);
  });

  it('works with the real clock', async () => {
    const limiter = new RateLimiter({ rate: 200 });
    const started = performance.now();
    const times = await grantTimes(limiter, { now: () => performance.now() }, 40);
    expect(times).toHaveLength(40);
    // 20 burst-spaced grants beyond the burst of 20 need at least ~100 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
  });
});

/**
 * The 429 controller (issue 11, yield to the app): exact numbers on an injected clock,
 * nothing timed.
 */
import { describe, expect, it } from 'vitest';
import { AdaptiveRate } from '../../src/api/adaptive-rate.js';
import { AutoConcurrency, autoCeiling } from '../../src/api/auto-concurrency.js';
import { RateLimiter } from '../../src/api/rate-limiter.js';
import { virtualClock } from './virtual-clock.js';

describe('AdaptiveRate', () => {
  it('runs at the ceiling until a 429', () => {
    const rate = new AdaptiveRate({ ceiling: 100 });
    expect(rate.rateAt(0)).toBe(100);
    expect(rate.rateAt(60_000)).toBe(100);
    expect(rate.stats()).toEqual({ ceiling: 100, lowest: 100, decreases: 0 });
  });

  it('lowers once per 429 whose request went out after the last decrease', () => {
    const rate = new AdaptiveRate({ ceiling: 100, decrease: 0.5, recoverPerSecond: 2 });
    expect(rate.throttled(900, 1000)).toBe(true);
    expect(rate.rateAt(1000)).toBe(50);
    // Sent before the decrease: the answer is about the old rate, not news.
    expect(rate.throttled(950, 1010)).toBe(false);
    expect(rate.rateAt(1010)).toBeCloseTo(50.02);
    // Sent after it: the new rate is still too fast.
    expect(rate.throttled(1200, 1500)).toBe(true);
    expect(rate.rateAt(1500)).toBeCloseTo(25.5);
    expect(rate.stats()).toEqual({ ceiling: 100, lowest: 25.5, decreases: 2 });
  });

  it('regains the rate slowly and never passes the ceiling', () => {
    const rate = new AdaptiveRate({ ceiling: 100, decrease: 0.7, recoverPerSecond: 2 });
    rate.throttled(0, 0);
    expect(rate.rateAt(0)).toBe(70);
    expect(rate.rateAt(5_000)).toBe(80);
    expect(rate.rateAt(15_000)).toBe(100);
    expect(rate.rateAt(100_000)).toBe(100);
  });

  it('never goes below its floor', () => {
    const rate = new AdaptiveRate({ ceiling: 100, decrease: 0.1, floor: 7 });
    for (let t = 0; t < 10; t++) rate.throttled(t, t);
    expect(rate.rateAt(9)).toBe(7);
    expect(rate.stats().lowest).toBe(7);
  });
});

describe('RateLimiter, adaptive', () => {
  it('starts fewer requests per second after a 429, and as many as before once recovered', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ rate: 100, clock, adaptive: true });
    const startsIn = async (ms: number): Promise<number> => {
      const until = clock.now() + ms;
      let count = 0;
      while (clock.now() < until) {
        await limiter.acquire();
        if (clock.now() < until) count++;
      }
      return count;
    };
    expect(await startsIn(10_000)).toBeGreaterThanOrEqual(990);
    const sentAt = clock.now();
    expect(limiter.throttled(sentAt)).toBe(true);
    expect(limiter.currentRate()).toBe(70);
    const slowed = await startsIn(1_000);
    expect(slowed).toBeLessThanOrEqual(72);
    await clock.sleep(30_000);
    expect(limiter.currentRate()).toBe(100);
    expect(limiter.adaptiveStats()).toEqual({ ceiling: 100, lowest: 70, decreases: 1 });
  });

  it('a fixed limiter ignores 429s', () => {
    const limiter = new RateLimiter({ rate: 100, clock: virtualClock() });
    expect(limiter.throttled(0)).toBe(false);
    expect(limiter.currentRate()).toBe(100);
    expect(limiter.adaptiveStats()).toBeUndefined();
  });

  /**
   * A server bucket like the emulator's (capacity = its rate, refilled continuously) that
   * allows 20% less than the client: the client retries each refusal, as the transport does.
   */
  it.each([
    { server: 80, client: 100 },
    { server: 400, client: 500 },
  ])('against a server at $server/s with a client at $client/s, refuses at most 2% of the requests', async ({ server, client }) => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ rate: client, clock, adaptive: true });
    let tokens = server;
    let last = 0;
    const take = (now: number): boolean => {
      tokens = Math.min(server, tokens + ((now - last) * server) / 1000);
      last = now;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    };
    const calls = server * 60;
    let refused = 0;
    for (let i = 0; i < calls; i++) {
      for (;;) {
        const startedAt = await limiter.acquire();
        if (take(startedAt)) break;
        refused++;
        limiter.throttled(startedAt);
      }
    }
    expect(refused / (calls + refused)).toBeLessThanOrEqual(0.02);
    // It still gets the server's rate, roughly: 60 s of the server's calls in at most 75 s.
    expect(clock.now()).toBeLessThan(75_000);
  });
});

describe('AutoConcurrency', () => {
  /** `n` answers of `roundTripMs` at `at`: a burst, which says only that the server is fast. */
  const burst = (auto: AutoConcurrency, roundTripMs: number, at: number, n = 8): number => {
    let limit = 0;
    for (let i = 0; i < n; i++) limit = auto.observe(roundTripMs, at);
    return limit;
  };

  it('puts 2 x rate x round trip in flight, plus 2, within its bounds, once the answers keep up with the rate', () => {
    const auto = new AutoConcurrency(100);
    expect(auto.current).toBe(10);
    expect(burst(auto, 300, 0)).toBe(62);
    expect(burst(new AutoConcurrency(100), 1, 0)).toBe(4);
    expect(burst(new AutoConcurrency(100), 10_000, 0)).toBe(autoCeiling(100));
  });

  it('sends at most 32 before a second holds enough answers to tell how fast they come', () => {
    const auto = new AutoConcurrency(1_000_000);
    expect(auto.current).toBe(32);
    for (let i = 0; i < 7; i++) expect(auto.observe(300, i)).toBe(32);
    expect(auto.observe(300, 7)).toBe(autoCeiling(1_000_000));
  });

  it('sizes a rate far above what the answers deliver by what they deliver', () => {
    // A limit of a million a second, a server that answers 1,000 a second in 20 ms.
    const auto = new AutoConcurrency(1_000_000);
    let limit = 0;
    for (let t = 0; t < 2_000; t++) limit = auto.observe(20, t);
    expect(limit).toBe(Math.ceil(1_000 * 0.02 * 2) + 2);
    // The same answers at a limit below them: the limit's sizing, as before.
    const limited = new AutoConcurrency(500);
    for (let t = 0; t < 2_000; t++) limit = limited.observe(20, t);
    expect(limit).toBe(Math.ceil(500 * 0.02 * 2) + 2);
  });

  it('sizes by the shortest recent round trip, so calls queued at a slow server do not call for more', () => {
    const auto = new AutoConcurrency(100);
    auto.observe(20, 0);
    // The server falls behind: answers take longer and longer as calls queue there (still 100 a second).
    for (let t = 1; t <= 40; t++) auto.observe(20 * t, t * 10);
    expect(auto.roundTripMs).toBe(20);
    expect(auto.current).toBe(6);
  });

  it('follows a longer path once the short answers are more than a window old', () => {
    const auto = new AutoConcurrency(100);
    burst(auto, 20, 0);
    burst(auto, 300, 6_000);
    expect(auto.roundTripMs).toBe(20);
    burst(auto, 300, 11_000);
    expect(auto.roundTripMs).toBe(300);
    expect(auto.current).toBe(62);
  });

  it('keeps the keep-alive pool between 16 and 256 connections', () => {
    expect(autoCeiling(5)).toBe(16);
    expect(autoCeiling(100)).toBe(100);
    expect(autoCeiling(5000)).toBe(256);
  });
});

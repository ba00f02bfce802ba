/**
 * A 429 that does not go away (issue 21): FACTS.md says the same status is the rate limit
 * or the free edition's quota used up. Once one call has spent its whole 429 budget and
 * no other answer came since, later calls stop at their first 429 instead of each waiting
 * out its own budget; any other answer ends that, and the error says what it may be.
 */
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/api/rate-limiter.js';
import { defaultRetryPolicy } from '../../src/api/retry.js';
import { json } from './script-server.js';
import { failure, getGroups, useTransports } from './transport-harness.js';

const fast = { ...defaultRetryPolicy, baseDelayMs: 1, maxDelayMs: 4, maxAttempts429: 5 };
const setup = useTransports({ concurrency: 1, retry: fast });

describe('a 429 that does not go away', () => {
  it('spends one call\'s budget, then every later call stops at its first 429, worded as rate limit or quota', async () => {
    const { server, transport } = await setup((_req, res) => json(res, 429, { error: 'reach_limit', error_description: 'This request has reached api limit' }));
    const first = await failure(transport.request(getGroups));
    expect(server.seen).toHaveLength(5);
    expect(first.message).toContain('rate limit or quota exhausted: This request has reached api limit; gave up after 5 attempts: the most groupctl makes while the server answers 429');
    const later = await Promise.all([1, 2, 3].map(() => failure(transport.request(getGroups))));
    expect(server.seen).toHaveLength(8);
    for (const error of later) {
      expect(error.message).toContain('rate limit or quota exhausted');
      expect(error.message).toContain('gave up after 1 attempt: an earlier call met 429 on every attempt and no call has had another answer since');
    }
  });

  it('any other answer ends the streak: the next call gets its whole budget again', async () => {
    let ok = false;
    const { server, transport } = await setup((req, res) => (ok && req.url!.includes('/chatgroups/2') ? json(res, 200, { data: [] }) : json(res, 429, {})));
    await failure(transport.request(getGroups));
    ok = true;
    await expect(transport.request({ ...getGroups, path: '/chatgroups/2' })).resolves.toEqual({ data: [] });
    const before = server.seen.length;
    await failure(transport.request(getGroups));
    expect(server.seen.length - before).toBe(5);
  });

  it('429s in a row at the lowest adaptive rate stop the run: the call ends before its own budget, later calls send nothing', async () => {
    const { server, transport } = await setup((_req, res) => json(res, 429, { error: 'reach_limit', error_description: 'This request has reached api limit' }), { retry: defaultRetryPolicy, limiter: new RateLimiter({ rate: 10_000, adaptive: true }) });
    const first = await failure(transport.request(getGroups));
    // The rate needs about nine 429s to reach its floor, then ten more at it: fewer than the call's own 20.
    expect(server.seen.length).toBeLessThan(defaultRetryPolicy.maxAttempts429);
    expect(server.seen.length).toBeGreaterThanOrEqual(10);
    expect(first.message).toMatch(/rate limit or quota exhausted: \d+ answers in a row were 429 over \d+ s, the last 10 at groupctl's lowest rate/);
    expect(first.message).toContain("Check the app's call quota and edition");
    const sent = server.seen.length;
    const later = await Promise.all([1, 2, 3].map(() => failure(transport.request(getGroups))));
    expect(server.seen.length).toBe(sent);
    for (const error of later) expect(error.message).toContain('rate limit or quota exhausted');
  });

  it('a fixed rate never counts as yielded: the call spends its whole 429 budget as before', async () => {
    const { server, transport } = await setup((_req, res) => json(res, 429, { error: 'reach_limit', error_description: 'This request has reached api limit' }), { retry: defaultRetryPolicy, limiter: new RateLimiter({ rate: 10_000 }) });
    await failure(transport.request(getGroups));
    expect(server.seen).toHaveLength(defaultRetryPolicy.maxAttempts429);
  });
});

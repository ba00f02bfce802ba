/**
 * The per-API budgets (api-rates.ts): a user's groups and the token call have their own
 * beside the app's, scaled down with a --rate-limit below the documented 100, never up;
 * a call of such an API takes from both, and a 429 to it lowers its own budget only.
 */
import { describe, expect, it } from 'vitest';
import { acquireBudgets, apiRateLimiters, budgetOf } from '../../src/api/api-rates.js';
import { RateLimiter } from '../../src/api/rate-limiter.js';

describe('per-API rate budgets', () => {
  it.each([
    [100, 50, 300],
    [20, 10, 60],
    [1000, 50, 300],
  ])('at --rate-limit %i: a user\'s groups %i/s, token %i/s', (app, userGroups, token) => {
    const limiters = apiRateLimiters(app);
    expect(limiters.get('user-groups')?.rate).toBe(userGroups);
    expect(limiters.get('token')?.rate).toBe(token);
    expect(limiters.get('create-group')).toBeUndefined();
  });

  it('a call of an API with its own budget takes from it and from the app\'s; others from the app\'s only', async () => {
    const taken: string[] = [];
    const recording = (name: string) => ({ acquire: async () => (taken.push(name), 0) }) as unknown as RateLimiter;
    const budgets = { limiter: recording('app'), apiLimiters: new Map([['user-groups', recording('user-groups')]]) };
    await acquireBudgets(budgets, 'user-groups', 0);
    expect(taken).toEqual(['user-groups', 'app']);
    await acquireBudgets(budgets, 'get-groups', 0);
    expect(taken).toEqual(['user-groups', 'app', 'app']);
    expect(budgetOf(budgets, 'user-groups')).toBe(budgets.apiLimiters.get('user-groups'));
    expect(budgetOf(budgets, 'get-groups')).toBe(budgets.limiter);
  });
});

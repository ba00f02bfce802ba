/**
 * The per-API rate budgets beside the app's (FACTS.md "Rate limits": per API, counting the
 * app's own client calls to the same API; most group and member calls 100/s, a user's
 * groups 50/s, the token call 300/s). Parallel creates read the owner's groups twice each,
 * so a run at the app's 100/s alone can press a user's groups past its 50.
 *
 * Every call takes from the app's budget (`--rate-limit`), and a user's groups and the
 * token call also from their own. That is right under both readings the sources leave
 * open: their own budget only (the emulator's default), or theirs and the app's as well
 * (dialect rate-shared); under the first it costs a little of the app's budget.
 *
 * With `--rate-limit N` the per-API budgets scale down with N below the documented 100,
 * never up. A lower limit asks groupctl to press the service less (room for the app's own
 * traffic, or an older app documented at 10/s or 30/s), and a user expects that of every
 * API; a higher one says the app's general limit was raised, which says nothing of the
 * other APIs' own budgets.
 */
import { RateLimiter } from './rate-limiter.js';

/** FACTS.md: the app's documented limit for most group and member calls. */
export const DOCUMENTED_APP_RATE = 100;

/** FACTS.md: the APIs with their own budget, by call kind (calls.ts), at the documented app rate. */
export const API_RATES: Readonly<Record<string, number>> = Object.freeze({ 'user-groups': 50, token: 300 });

/** The per-API limiters for an app limit of `appRate`, adaptive as the app's is. */
export function apiRateLimiters(appRate: number): Map<string, RateLimiter> {
  const scale = Math.min(1, appRate / DOCUMENTED_APP_RATE);
  return new Map(Object.entries(API_RATES).map(([kind, rate]) => [kind, new RateLimiter({ rate: rate * scale, adaptive: true, jitter: true })]));
}

/** The budgets a call takes from, as the transport holds them. */
export interface Budgets {
  /** The app's: every call, retries and the token call included. */
  limiter: RateLimiter;
  /** The APIs with a budget of their own, by call kind: their calls take from it and from `limiter`. */
  apiLimiters?: ReadonlyMap<string, RateLimiter>;
}

/** Waits for the call's own budget, if its API has one, then the app's; resolves with the start time (the app limiter's clock). */
export async function acquireBudgets(budgets: Budgets, kind: string, priority: number): Promise<number> {
  await budgets.apiLimiters?.get(kind)?.acquire(priority);
  return budgets.limiter.acquire(priority);
}

/** The budget that yields on a 429: the most specific, since a user's groups refused says nothing of the other calls. */
export function budgetOf(budgets: Budgets, kind: string): RateLimiter {
  return budgets.apiLimiters?.get(kind) ?? budgets.limiter;
}

import type { Clock } from '../../src/api/clock.js';

/**
 * A clock whose sleep advances virtual time without waiting. It yields to the event loop
 * first, so everything the caller woke up runs at the time it was woken.
 */
export function virtualClock(start = 0): Clock & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      await new Promise((resolve) => setImmediate(resolve));
      now += Math.max(0, ms);
    },
  };
}

/**
 * Seeded randomness (the shared mulberry32), so that every random choice of a fault test
 * can be replayed from the seed it prints.
 */
import { makeRandom } from '../helpers/mulberry32.mjs';

export type Random = () => number;

export const seededRandom: (seed: number) => Random = makeRandom;

/** The seed from GROUPCTL_FAULT_SEED when set (to replay a failure), else a fresh one. */
export function chooseSeed(): number {
  const given = process.env.GROUPCTL_FAULT_SEED;
  if (given !== undefined && given.trim() !== '') {
    const seed = Number(given);
    if (!Number.isInteger(seed)) throw new Error(`GROUPCTL_FAULT_SEED must be an integer, got "${given}"`);
    return seed;
  }
  return Math.floor(Math.random() * 2 ** 31);
}

/** A whole number in [low, high]. */
export function between(random: Random, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

/** `count` distinct items of `from`, in a random order. */
export function pick<T>(random: Random, from: readonly T[], count: number): T[] {
  const pool = [...from];
  const chosen: T[] = [];
  while (chosen.length < count && pool.length > 0) chosen.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  return chosen;
}

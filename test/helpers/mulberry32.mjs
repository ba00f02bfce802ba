/**
 * A small, fast, seedable PRNG (mulberry32): the same world on every machine, and any
 * random choice of a test or the benchmark can be replayed from its seed. Plain JS so
 * that the benchmark (test/bench/*.mjs) and the TypeScript tests share it.
 *
 * @param {number} seed
 * @returns {() => number} numbers in [0, 1)
 */
export function makeRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

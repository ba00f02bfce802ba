import { expect, it } from 'vitest';
import { collectGarbageIfBloated } from '../../src/engine/memory.js';

it('collects when the heap has grown by more than its threshold with garbage, and not before', () => {
  collectGarbageIfBloated(); // settle the baseline
  const before = process.memoryUsage().heapUsed;
  let garbage: unknown[] | undefined = Array.from({ length: 1_500_000 }, (_, i) => ({ i, text: `garbage ${i}` }));
  expect(garbage.length).toBe(1_500_000);
  garbage = undefined;
  const bloated = process.memoryUsage().heapUsed;
  expect(bloated - before).toBeGreaterThan(128 * 1024 * 1024);
  collectGarbageIfBloated();
  expect(process.memoryUsage().heapUsed).toBeLessThan(before + 64 * 1024 * 1024);
});

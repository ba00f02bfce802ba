import { describe, expect, it } from 'vitest';
import { planCapacity, type CapacityInput } from '../../src/plan/capacity.js';

describe('planCapacity', () => {
  it.each<{ name: string; input: CapacityInput; expected: ReturnType<typeof planCapacity> }>([
    { name: 'not managed and fits', input: { liveMax: 10, targetMax: 10, liveCount: 4, peakCount: 6 }, expected: { temporary: false } },
    { name: 'not known live', input: { liveMax: undefined, targetMax: 10, liveCount: 4, peakCount: 6 }, expected: { early: { from: null, to: 10 }, temporary: false } },
    { name: 'raised before the additions', input: { liveMax: 5, targetMax: 8, liveCount: 5, peakCount: 8 }, expected: { early: { from: 5, to: 8 }, temporary: false } },
    { name: 'lowered after the removals', input: { liveMax: 9, targetMax: 3, liveCount: 9, peakCount: 3 }, expected: { late: { from: 9, to: 3 }, temporary: false } },
    {
      name: 'a peak over the value in force is raised for the moment',
      input: { liveMax: 4, targetMax: 4, liveCount: 4, peakCount: 5 },
      expected: { early: { from: 4, to: 5 }, late: { from: 5, to: 4 }, temporary: true },
    },
    {
      name: 'a peak over a raised value is raised further, then brought to the target',
      input: { liveMax: 4, targetMax: 6, liveCount: 4, peakCount: 7 },
      expected: { early: { from: 4, to: 7 }, late: { from: 7, to: 6 }, temporary: true },
    },
    {
      name: 'a peak while lowering keeps room, then lowers',
      input: { liveMax: 5, targetMax: 3, liveCount: 5, peakCount: 6 },
      expected: { early: { from: 5, to: 6 }, late: { from: 6, to: 3 }, temporary: true },
    },
  ])('$name', ({ input, expected }) => {
    expect(planCapacity(input)).toEqual(expected);
  });
});

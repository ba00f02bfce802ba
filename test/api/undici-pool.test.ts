import { describe, expect, it } from 'vitest';
import { poolParts } from '../../src/api/undici-pool.js';

describe('the undici parts the client requires', () => {
  // The index still works when a later undici 7.x moves these files, but every start-up
  // then pays for all of undici: this says so instead of the benchmark quietly slowing.
  it('are found as the two files, not through the whole index', () => {
    const parts = poolParts();
    expect(parts.via).toBe('parts');
    expect(typeof parts.Pool.prototype.close).toBe('function');
  });
});

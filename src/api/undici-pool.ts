/**
 * The client's one piece of undici, required when the first Transport is made rather than
 * when the CLI starts: `validate`, `--help` and every command that never talks to a server
 * then load none of it. undici's index requires every dispatcher, fetch, WebSocket, the
 * cache and the mocks (about 160 ms on the 2-core benchmark machine, test/bench/RESULTS.md,
 * "Start-up"); the Pool and its request method alone take about 50 ms. undici 7 has no
 * `exports` map, so its files are addressable; if a later 7.x moves them, the whole index
 * is used instead (slower, never wrong), and test/api/undici-pool.test.ts says so.
 */
import { createRequire } from 'node:module';
import type { Dispatcher, Pool } from 'undici';

const load = createRequire(import.meta.url);

interface PoolParts {
  Pool: typeof Pool;
  request: (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;
  /** Which way they were found: 'parts' (the two files) or 'index' (all of undici). */
  via: 'parts' | 'index';
}

let parts: PoolParts | undefined;

/** The Pool class and the request function, required once. */
export function poolParts(): PoolParts {
  return (parts ??= requireParts());
}

function requireParts(): PoolParts {
  try {
    const pool = load('undici/lib/dispatcher/pool.js') as unknown;
    const request = load('undici/lib/api/api-request.js') as unknown;
    if (typeof pool === 'function' && typeof request === 'function') return { Pool: pool as typeof Pool, request: request as PoolParts['request'], via: 'parts' };
  } catch {
    // A moved file: the index below has the same classes.
  }
  const undici = load('undici') as typeof import('undici');
  return { Pool: undici.Pool, request: undici.Pool.prototype.request as PoolParts['request'], via: 'index' };
}

/** A keep-alive pool of `options.connections` connections to one origin. */
export function createPool(origin: string, options: Pool.Options): Pool {
  return new (poolParts().Pool)(origin, options);
}

/** One request on the pool (undici's `pool.request`, which the index alone attaches to the class). */
export function sendOnPool(pool: Pool, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  return poolParts().request.call(pool, options);
}

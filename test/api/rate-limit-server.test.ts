import { afterEach, describe, expect, it } from 'vitest';
import { StaticToken } from '../../src/api/auth.js';
import { parseBaseUrl } from '../../src/api/base-url.js';
import { RateLimiter } from '../../src/api/rate-limiter.js';
import { Transport } from '../../src/api/transport.js';
import { json, startScriptServer, type ScriptServer } from './script-server.js';

let server: ScriptServer | undefined;
let transport: Transport | undefined;
afterEach(async () => {
  await transport?.close();
  await server?.close();
});

function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let lo = 0, hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi]! - sorted[lo]! >= 1000) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

describe('rate limit as the server sees it', () => {
  it('never lets the server see much more than the configured rate in any second', async () => {
    const rate = 50;
    const calls = 120;
    server = await startScriptServer((_req, res) => json(res, 200, {}));
    transport = new Transport({
      base: parseBaseUrl(`${server.url}/o/a`),
      auth: new StaticToken('t0ken'),
      limiter: new RateLimiter({ rate }),
      concurrency: 8,
    });
    const t = transport;
    await Promise.all(Array.from({ length: calls }, () => t.request({ kind: 'get-groups', method: 'GET', path: '/chatgroups/1' })));
    const arrivals = server.seen.map((s) => s.at);
    // The client guarantees `rate` starts per second; arrival jitter on a loaded machine
    // can bunch a few. Unlimited, all 120 would land in one second.
    expect(busiestSecond(arrivals)).toBeLessThanOrEqual(rate * 1.2);
    // 120 calls at 50 per second cannot all start within 2 s.
    expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeGreaterThan(1500);
  });
});

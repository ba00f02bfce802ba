import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { call } from './helpers.js';

const SEED = { users: ['alice', 'bob'], groups: [] };
const CREATE = { body: { owner: 'alice', public: true } };

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

/** Values the emulator's `random` hands out next; 0.99 (no fault) once they run out. */
function controlledRandom() {
  const queue: number[] = [];
  return { queue, random: () => queue.shift() ?? 0.99 };
}

describe('rate limit', () => {
  it('answers 429 past the bucket, alternating a JSON body and a non-JSON page, without Retry-After', async () => {
    // A frozen clock never refills the bucket, so the count is exact.
    emu = await startEmulator({ seed: SEED, quiet: true, rateLimit: 3, now: () => 5_000 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(emu, 'GET', '/chatgroups')).status);
    expect(statuses).toEqual([200, 200, 200]);
    const first = await call(emu, 'GET', '/chatgroups');
    const second = await call(emu, 'GET', '/chatgroups');
    expect([first.status, second.status]).toEqual([429, 429]);
    expect(first.json).toMatchObject({ error: 'reach_limit' });
    expect(second.json).toBeUndefined();
    expect(second.text).toContain('429');
    expect(first.headers.get('retry-after')).toBeNull();
    expect(emu.counters()['status-429']).toBe(2);
  });

  it('refills with time and sends Retry-After when configured', async () => {
    let clock = 0;
    emu = await startEmulator({ seed: SEED, quiet: true, rateLimit: 2, retryAfterSeconds: 3, now: () => clock });
    await call(emu, 'GET', '/chatgroups');
    await call(emu, 'GET', '/chatgroups');
    const limited = await call(emu, 'GET', '/chatgroups');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    clock += 500;
    expect((await call(emu, 'GET', '/chatgroups')).status).toBe(200);
    expect((await call(emu, 'GET', '/chatgroups')).status).toBe(429);
    emu.setFaults({ rateLimit: 0 });
    expect((await call(emu, 'GET', '/chatgroups')).status).toBe(200);
  });
});

describe('faults', () => {
  it('a 503 fault answers a JSON error and changes nothing', async () => {
    const r = controlledRandom();
    emu = await startEmulator({ seed: SEED, quiet: true, faultRate: 0.5, random: r.random });
    r.queue.push(0.1, 0.2);
    const res = await call(emu, 'POST', '/chatgroups', CREATE);
    expect(res.status).toBe(503);
    expect(res.json).toMatchObject({ error: 'service_unavailable', error_description: expect.any(String) });
    expect(emu.store.groupCount()).toBe(0);
    expect(emu.counters()['status-5xx']).toBe(1);
  });

  it.each([
    ['before', 0.9, 0],
    ['after', 0.1, 1],
  ])('a dropped create applied %s the drop leaves %i groups', async (_when, coin, groups) => {
    const r = controlledRandom();
    emu = await startEmulator({ seed: SEED, quiet: true, faultRate: 0.5, random: r.random });
    r.queue.push(0.1, 0.9, coin);
    await expect(call(emu, 'POST', '/chatgroups', CREATE)).rejects.toThrow();
    expect(emu.store.groupCount()).toBe(groups);
    expect(emu.counters()['dropped']).toBe(1);
  });

  it('with faultRate 1 every request fails, some with 503 and some dropped', async () => {
    emu = await startEmulator({ seed: SEED, quiet: true, faultRate: 1 });
    const outcomes = new Set<string>();
    for (let i = 0; i < 40; i++) {
      try {
        outcomes.add(String((await call(emu, 'GET', '/chatgroups')).status));
      } catch {
        outcomes.add('dropped');
      }
    }
    expect([...outcomes].sort()).toEqual(['503', 'dropped']);
    emu.setFaults({ faultRate: 0 });
    expect((await call(emu, 'GET', '/chatgroups')).status).toBe(200);
  });
});

describe('latency', () => {
  it('delays answers by at least latencyMs', async () => {
    emu = await startEmulator({ seed: SEED, quiet: true, latencyMs: 60 });
    const started = performance.now();
    await call(emu, 'GET', '/chatgroups');
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });
});

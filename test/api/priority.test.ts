import { describe, expect, it } from 'vitest';
import { callPriority, PriorityQueue, withCallPriority } from '../../src/api/priority.js';
import { RateLimiter } from '../../src/api/rate-limiter.js';
import { defaultRetryPolicy } from '../../src/api/retry.js';
import { CallGate } from '../../src/api/call-gate.js';
import { json } from './script-server.js';
import { getGroups, useTransports } from './transport-harness.js';
import { virtualClock } from './virtual-clock.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('PriorityQueue', () => {
  it('takes the highest priority first, in arrival order among equals', () => {
    const queue = new PriorityQueue<string>();
    for (const [item, priority] of [['a', 0], ['b', 2], ['c', 1], ['d', 2], ['e', 0], ['f', 5]] as const) queue.push(item, priority);
    expect(queue.size).toBe(6);
    const order: string[] = [];
    while (queue.size > 0) order.push(queue.shift()!);
    expect(order).toEqual(['f', 'b', 'd', 'c', 'a', 'e']);
    expect(queue.shift()).toBeUndefined();
  });

  it('keeps the order when items arrive while others are taken', () => {
    const queue = new PriorityQueue<string>();
    queue.push('low', 1);
    queue.push('high', 3);
    expect(queue.shift()).toBe('high');
    queue.push('mid', 2);
    queue.push('high again', 3);
    expect([queue.shift(), queue.shift(), queue.shift()]).toEqual(['high again', 'mid', 'low']);
  });
});

describe('withCallPriority', () => {
  it('holds across awaits, nests, and is 0 outside', async () => {
    expect(callPriority()).toBe(0);
    const seen = await withCallPriority(4, async () => {
      await tick();
      const inner = await withCallPriority(7, async () => (await tick(), callPriority()));
      return [callPriority(), inner];
    });
    expect(seen).toEqual([4, 7]);
    expect(callPriority()).toBe(0);
  });
});

describe('CallGate', () => {
  it('never runs more than its concurrency; the waiting start highest priority first', async () => {
    const gate = new CallGate(1);
    const started: string[] = [];
    let release!: () => void;
    const first = gate.run(() => new Promise<void>((resolve) => (started.push('first'), (release = resolve))));
    const queued = ([['one', 1], ['three', 3], ['two', 2], ['three again', 3]] as const).map(([name, priority]) =>
      gate.run(async () => void started.push(name), priority),
    );
    await tick();
    expect(started).toEqual(['first']);
    release();
    await Promise.all([first, ...queued]);
    expect(started).toEqual(['first', 'three', 'three again', 'two', 'one']);
  });

  it('starts waiting calls when its concurrency is raised, and frees the slot of a call that failed', async () => {
    const gate = new CallGate(1);
    let release!: () => void;
    const blocker = gate.run(() => new Promise<void>((resolve) => (release = resolve)));
    const failing = gate.run(async () => {
      throw new Error('boom');
    });
    const later = gate.run(async () => 'ran');
    gate.concurrency = 3;
    await expect(failing).rejects.toThrow('boom');
    await expect(later).resolves.toBe('ran');
    release();
    await blocker;
  });
});

describe('RateLimiter priority', () => {
  it('grants a waiting higher priority before earlier lower ones', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ rate: 10, burst: 1, clock });
    const order: string[] = [];
    const waits = ([['low 1', 0], ['low 2', 0], ['high', 9], ['mid', 4]] as const).map(([name, priority]) =>
      limiter.acquire(priority).then(() => order.push(name)),
    );
    await Promise.all(waits);
    // The first arrival takes the one token there is at once; the rest wait and are ordered.
    expect(order).toEqual(['low 1', 'high', 'mid', 'low 2']);
  });
});

describe('Transport: calls made under withCallPriority', () => {
  const setup = useTransports({ concurrency: 1, retry: { ...defaultRetryPolicy, baseDelayMs: 1, maxDelayMs: 4 } });

  it('go out ahead of waiting calls of lower priority', async () => {
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    const { server, transport } = await setup(async (req, res, index) => {
      if (index === 0) await firstHeld;
      json(res, 200, { data: [], path: req.url });
    });
    const call = (name: string) => ({ ...getGroups, path: `/chatgroups/${name}` });
    const first = transport.request(call('first'));
    await tick();
    const rest = [
      transport.request(call('none')),
      withCallPriority(2, () => transport.request(call('two'))),
      withCallPriority(5, () => transport.request(call('five'))),
    ];
    await new Promise((resolve) => setTimeout(resolve, 50));
    releaseFirst();
    await Promise.all([first, ...rest]);
    expect(server.seen.map((s) => s.url.split('/').at(-1))).toEqual(['first', 'five', 'two', 'none']);
  });
});

/**
 * Which waiting call goes first. A call made inside `withCallPriority(n, fn)` waits ahead
 * of calls of lower priority, for a slot (call-gate.ts) and for the rate limiter, first come
 * first served among equals; calls made outside any carry 0. Apply gives each call the
 * number of calls its group's chain still has to make, so the longest chain is never held
 * up by a queue of one-call groups (critical path first): at 300 ms a round trip, every
 * call of a chain that waits behind a second's worth of others costs the run that second.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const current = new AsyncLocalStorage<number>();

/** Runs `fn`; the calls it makes (awaited or not) carry `priority`. */
export function withCallPriority<T>(priority: number, fn: () => T): T {
  return current.run(priority, fn);
}

/** The priority of a call made now: the innermost withCallPriority, else 0. */
export function callPriority(): number {
  return current.getStore() ?? 0;
}

/** Items taken highest priority first, in arrival order within a priority. */
export class PriorityQueue<T> {
  private readonly buckets = new Map<number, T[]>();
  /** The priorities that have items, highest first. */
  private levels: number[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(item: T, priority = 0): void {
    let bucket = this.buckets.get(priority);
    if (bucket === undefined) {
      bucket = [];
      this.buckets.set(priority, bucket);
      const at = this.levels.findIndex((level) => level < priority);
      this.levels.splice(at === -1 ? this.levels.length : at, 0, priority);
    }
    bucket.push(item);
    this.count++;
  }

  shift(): T | undefined {
    const top = this.levels[0];
    if (top === undefined) return undefined;
    const bucket = this.buckets.get(top)!;
    const item = bucket.shift()!;
    if (bucket.length === 0) {
      this.buckets.delete(top);
      this.levels.shift();
    }
    this.count--;
    return item;
  }
}

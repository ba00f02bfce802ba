/**
 * At most `concurrency` calls at once; the waiting ones start highest priority first
 * (priority.ts). What p-limit does, plus the order. `concurrency` may change while calls
 * run (`auto`, auto-concurrency.ts): a rise starts waiting calls at once, a fall lets the
 * running ones finish.
 */
import { PriorityQueue } from './priority.js';

export class CallGate {
  private active = 0;
  private readonly waiting = new PriorityQueue<() => void>();

  constructor(private limit: number) {}

  get concurrency(): number {
    return this.limit;
  }

  set concurrency(limit: number) {
    this.limit = limit;
    this.startWaiting();
  }

  /** Runs `fn` once a slot is free. */
  async run<T>(fn: () => Promise<T>, priority = 0): Promise<T> {
    if (this.active < this.limit && this.waiting.size === 0) this.active++;
    // The slot is taken for this call by startWaiting, before it wakes it.
    else await new Promise<void>((resolve) => this.waiting.push(resolve, priority));
    try {
      return await fn();
    } finally {
      this.active--;
      this.startWaiting();
    }
  }

  private startWaiting(): void {
    while (this.active < this.limit && this.waiting.size > 0) {
      this.active++;
      this.waiting.shift()!();
    }
  }
}

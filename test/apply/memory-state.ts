/** ApplyState in memory; `saved` is what a crash right now would leave on disk. */
import type { ApplyState, CreateIntent } from '../../src/apply/apply-state.js';
import type { Binding } from '../../src/model/group.js';

export interface SavedState {
  bindings: Record<string, Binding>;
  intents: Record<string, CreateIntent>;
}

export class MemoryState implements ApplyState {
  private readonly bound = new Map<string, Binding>();
  private readonly pending = new Map<string, CreateIntent>();
  saved: SavedState = { bindings: {}, intents: {} };
  saves = 0;
  /** When set, save() rejects with it. */
  saveError: Error | undefined;

  constructor(bindings: Record<string, Binding> = {}, intents: CreateIntent[] = []) {
    for (const [key, b] of Object.entries(bindings)) this.bound.set(key, b);
    for (const i of intents) this.pending.set(i.key, i);
    this.saved = this.snapshot();
  }

  bindings(): ReadonlyMap<string, Binding> {
    return new Map(this.bound);
  }
  intents(): ReadonlyMap<string, CreateIntent> {
    return new Map(this.pending);
  }
  binding(key: string): Binding | undefined {
    return this.bound.get(key);
  }
  intent(key: string): CreateIntent | undefined {
    return this.pending.get(key);
  }
  recordIntent(intent: CreateIntent): void {
    this.pending.set(intent.key, { ...intent });
  }
  bind(key: string, binding: Binding): void {
    this.bound.set(key, { ...binding });
    this.pending.delete(key);
  }
  unbind(key: string): void {
    this.bound.delete(key);
  }
  move(from: string, to: string): void {
    const b = this.bound.get(from);
    if (!b) throw new Error(`move: ${from} is not bound`);
    this.bound.delete(from);
    this.bind(to, b);
  }
  clearIntent(key: string): void {
    this.pending.delete(key);
  }
  setWritten(key: string, written: Binding['written']): void {
    const b = this.bound.get(key);
    if (!b) throw new Error(`setWritten: ${key} is not bound`);
    this.bound.set(key, written === undefined ? { id: b.id } : { ...b, written: { ...written } });
  }
  async save(): Promise<void> {
    if (this.saveError) throw this.saveError;
    this.saves += 1;
    this.saved = this.snapshot();
  }

  private snapshot(): SavedState {
    return structuredClone({
      bindings: Object.fromEntries(this.bound),
      intents: Object.fromEntries(this.pending),
    });
  }
}

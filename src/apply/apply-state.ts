/**
 * The part of the state store that apply uses. The real StateStore (src/state/) satisfies
 * it structurally; tests use a small in-memory version.
 */
import type { Binding } from '../model/group.js';

/** A create that was about to be sent: recorded before the call so a crash cannot lose it. */
export interface CreateIntent {
  key: string;
  owner: string;
  name?: string;
  /** When the create was about to be sent, ms since epoch. */
  started: number;
}

export interface ApplyState {
  bindings(): ReadonlyMap<string, Binding>;
  intents(): ReadonlyMap<string, CreateIntent>;
  recordIntent(intent: CreateIntent): void;
  /** Binds a key to a live group and clears its intent. */
  bind(key: string, binding: Binding): void;
  unbind(key: string): void;
  clearIntent(key: string): void;
  setWritten(key: string, written: Binding['written']): void;
  /** Writes the state to disk; apply calls it after every change that must survive a crash. */
  save(): Promise<void>;
}

/**
 * Serialises saves: groups run in parallel, and two overlapping writes of one file
 * could interleave. Every call waits for the ones before it, then saves what is in
 * memory now.
 */
export function createSaver(state: ApplyState): () => Promise<void> {
  let last: Promise<void> = Promise.resolve();
  return () => {
    const next = last.catch(() => undefined).then(() => state.save());
    last = next;
    return next;
  };
}

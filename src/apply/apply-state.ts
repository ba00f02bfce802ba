/**
 * The part of the state store that apply uses. The real StateStore (src/state/) satisfies
 * it structurally; tests use a small in-memory version.
 */
import type { Binding, GroupIdVerdict } from '../model/group.js';

/** A create that was about to be sent: recorded before the call so a crash cannot lose it (the state file stores it as it is, state/state-data.ts). */
export interface CreateIntent {
  key: string;
  owner: string;
  name?: string;
  /** When the create was about to be sent, ms since epoch (our clock; kept for intents written before `before`). */
  started: number;
  /**
   * Ids of the owner's groups of the same name (all of the owner's groups for a create
   * without a name) that existed before the create was sent. A group found later that is
   * not among them can only be this create's: no clock, ours or the server's, is trusted.
   */
  before?: string[];
}

/** The state operations apply needs, so the engine runs on the real store and on a fake alike. */
export interface ApplyState {
  bindings(): ReadonlyMap<string, Binding>;
  intents(): ReadonlyMap<string, CreateIntent>;
  /** The keys bound to a group id, sorted, without copying the bindings (StateStore; a fake may leave it out). */
  keysBoundTo?(id: string): readonly string[];
  /** The state file's lineage (StateStore); chosen group ids derive from it. Undefined until the file is first written. */
  readonly lineage?: string | undefined;
  binding(key: string): Binding | undefined;
  intent(key: string): CreateIntent | undefined;
  recordIntent(intent: CreateIntent): void;
  /** Binds a key to a live group and clears its intent. */
  bind(key: string, binding: Binding): void;
  unbind(key: string): void;
  /** Hands `from`'s binding to `to` in one durable change (never two keys on one group). */
  move(from: string, to: string): void;
  clearIntent(key: string): void;
  setWritten(key: string, written: Binding['written']): void;
  /** Remembers what the app did with a chosen groupid, for the next plan (StateStore; a fake may leave it out). */
  recordGroupid?(verdict: GroupIdVerdict): void;
  /** Writes the state to disk; apply calls it after every change that must survive a crash. */
  save(): Promise<void>;
  /**
   * True when every change is durable when its method returns (the real StateStore
   * journals each one): apply then leaves save() — a rewrite of the whole file — to the
   * end of the run instead of doing it after every create.
   */
  readonly journaled?: boolean;
}

/** The key other than `key` bound to group `id`, if any (every create answer is checked against it). */
export function otherKeyBoundTo(state: ApplyState, id: string, key: string): string | undefined {
  if (state.keysBoundTo) return state.keysBoundTo(id).find((k) => k !== key);
  return [...state.bindings()].find(([k, binding]) => k !== key && binding.id === id)?.[0];
}

/**
 * Serialises and coalesces saves: groups run in parallel, two overlapping writes of one
 * file could interleave, and a save per step of a big apply would rewrite the file
 * thousands of times. A call made while a save runs waits for one follow-up save that
 * starts after it, shared by every call that came in meanwhile.
 */
export function createSaver(state: Pick<ApplyState, 'save' | 'journaled'>): () => Promise<void> {
  if (state.journaled === true) return async () => undefined;
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  const start = (): Promise<void> => {
    const current = state.save().finally(() => {
      if (running === current) running = undefined;
    });
    running = current;
    return current;
  };
  return () => {
    if (queued) return queued;
    if (!running) return start();
    const next = running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return start();
      });
    queued = next;
    return next;
  };
}

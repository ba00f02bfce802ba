/** Frozen, key-sorted copies of the state's records, so callers can read but never change the state. */
import type { Binding } from '../model/group.js';
import { IdIndex } from './id-index.js';
import type { JournalEntry } from './journal.js';
import type { CreateIntent, StateData } from './state-data.js';

/** Read-only: the values are frozen copies, so nobody changes the state behind its back. */
export function sortedMap<T>(record: Record<string, T>): ReadonlyMap<string, T> {
  return new Map(
    Object.keys(record)
      .sort()
      .map((key) => [key, deepFreeze(structuredClone(record[key]!))]),
  );
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * The store's read views of one StateData: sorted frozen copies made once per change (a
 * fresh copy per look-up would make a 10,000-group plan quadratic), and the id index,
 * made at its first look-up and then kept up to date change by change.
 */
export class StateViews {
  #sorted: { bindings: ReadonlyMap<string, Binding>; intents: ReadonlyMap<string, CreateIntent> } | undefined;
  #ids: IdIndex | undefined;

  constructor(private readonly data: StateData) {}

  sorted(): { bindings: ReadonlyMap<string, Binding>; intents: ReadonlyMap<string, CreateIntent> } {
    return (this.#sorted ??= { bindings: sortedMap(this.data.bindings), intents: sortedMap(this.data.intents) });
  }

  keysBoundTo(id: string): readonly string[] {
    return (this.#ids ??= new IdIndex(this.data.bindings)).keysOf(id);
  }

  /** Applies a journal entry to the data with `apply`, and keeps the views true. */
  change(entry: JournalEntry, apply: () => void): void {
    if (this.#ids) this.#ids.follow(this.data.bindings, entry, apply);
    else apply();
    this.#sorted = undefined;
  }
}

/** Frozen, key-sorted copies of the state's records, so callers can read but never change the state. */
import type { Binding } from '../model/group.js';
import { IdIndex } from './id-index.js';
import type { JournalEntry } from './journal.js';
import type { CreateIntent, StateData } from './state-data.js';

/** Read-only: the values are frozen copies, so nobody changes the state behind its back. */
export function sortedMap<T>(record: Record<string, T>): ReadonlyMap<string, T> {
  const keys = Object.keys(record).sort();
  const map = new Map<string, T>();
  for (const key of keys) map.set(key, frozenCopy(record[key]!));
  return map;
}

/**
 * A deep, frozen copy of JSON-shaped data (what a state record is: objects, arrays, strings,
 * numbers, booleans). Written out, not structuredClone: that serialises every value and copies
 * every string, most of the cost of opening a 50,000-binding state (issue 23); strings cannot change.
 */
function frozenCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  // A record frozen where it was read (parseBinding) cannot change: the view shares it (50,000 bindings: 2 MB, issue 23).
  if (frozenThrough(value)) return value;
  if (Array.isArray(value)) return Object.freeze(value.map(frozenCopy)) as T;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = frozenCopy((value as Record<string, unknown>)[key]);
  return Object.freeze(copy) as T;
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

function frozenThrough(value: object): boolean {
  if (!Object.isFrozen(value)) return false;
  for (const key in value) {
    const child = (value as Record<string, unknown>)[key];
    if (child !== null && typeof child === 'object' && !frozenThrough(child)) return false;
  }
  return true;
}

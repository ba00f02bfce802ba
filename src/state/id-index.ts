/**
 * Which keys are bound to each group id, kept up to date change by change, so a look-up
 * (apply's check of every create answer) costs no copy of the bindings: rebuilding the
 * sorted views after each bind made a 10,000-create apply quadratic.
 */
import type { Binding } from '../model/group.js';
import { bindingKeysOf, type JournalEntry } from './journal.js';

export class IdIndex {
  readonly #keys = new Map<string, string[]>();

  constructor(bindings: Record<string, Binding>) {
    for (const key of Object.keys(bindings)) this.#add(bindings[key]!.id, key);
  }

  /** The keys bound to group `id`, sorted (one, but for a state file that broke the rule). */
  keysOf(id: string): readonly string[] {
    return this.#keys.get(id) ?? [];
  }

  /** Applies `entry` to `bindings` with `apply`, and follows what it did to the keys it names. */
  follow(bindings: Record<string, Binding>, entry: JournalEntry, apply: () => void): void {
    const keys = bindingKeysOf(entry);
    const before = keys.map((key) => (Object.hasOwn(bindings, key) ? bindings[key]!.id : undefined));
    apply();
    keys.forEach((key, i) => {
      const now = Object.hasOwn(bindings, key) ? bindings[key]!.id : undefined;
      if (before[i] === now) return;
      if (before[i] !== undefined) this.#remove(before[i]!, key);
      if (now !== undefined) this.#add(now, key);
    });
  }

  #add(id: string, key: string): void {
    const keys = this.#keys.get(id);
    if (keys === undefined) this.#keys.set(id, [key]);
    else if (!keys.includes(key)) this.#keys.set(id, [...keys, key].sort());
  }

  #remove(id: string, key: string): void {
    const keys = this.#keys.get(id)?.filter((k) => k !== key) ?? [];
    if (keys.length === 0) this.#keys.delete(id);
    else this.#keys.set(id, keys);
  }
}

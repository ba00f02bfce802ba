/**
 * The app-group list's order: newest first, by creation time and then by id. The
 * index is kept sorted oldest-first so that the usual create (newest, highest id) is a
 * push, and pages are read backwards from a binary-searched position; listing never
 * sorts the whole app, which must stay cheap at 100,000 groups.
 */

/** The position of one group in the list order. */
export interface OrderKey {
  created: number;
  id: string;
}

/** Numeric ids compare as numbers (shorter is smaller); any other id still gets a total order. */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  // Not util/compare-text.ts: the emulator is an oracle and imports nothing outside src/emulator.
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareKeys(a: OrderKey, b: OrderKey): number {
  return a.created !== b.created ? a.created - b.created : compareIds(a.id, b.id);
}

export class GroupOrder {
  /** Oldest first. */
  private keys: OrderKey[] = [];

  get size(): number {
    return this.keys.length;
  }

  insert(key: OrderKey): void {
    const last = this.keys[this.keys.length - 1];
    if (last === undefined || compareKeys(last, key) < 0) {
      this.keys.push(key);
      return;
    }
    this.keys.splice(this.firstNotBefore(key), 0, key);
  }

  remove(key: OrderKey): void {
    const at = this.firstNotBefore(key);
    const found = this.keys[at];
    if (found !== undefined && compareKeys(found, key) === 0) this.keys.splice(at, 1);
  }

  /** Replace everything at once (loading a snapshot): one sort instead of n inserts. */
  reset(keys: OrderKey[]): void {
    this.keys = [...keys].sort(compareKeys);
  }

  /**
   * Up to `limit` keys, newest first, strictly older than `after` when given.
   * `more` says whether older keys remain past this page.
   */
  page(limit: number, after?: OrderKey): { keys: OrderKey[]; more: boolean } {
    let from = after === undefined ? this.keys.length - 1 : this.firstNotBefore(after) - 1;
    const keys: OrderKey[] = [];
    while (from >= 0 && keys.length < limit) keys.push(this.keys[from--]!);
    return { keys, more: from >= 0 };
  }

  /** Index of the first key that is not older than `key`. */
  private firstNotBefore(key: OrderKey): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(this.keys[mid]!, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

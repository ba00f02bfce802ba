/** Frozen, key-sorted copies of the state's records, so callers can read but never change the state. */

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

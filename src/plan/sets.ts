/** Set arithmetic for want/have comparisons; results come back sorted so plans are stable. */

export function union<T>(...sets: ReadonlyArray<Iterable<T>>): Set<T> {
  const out = new Set<T>();
  for (const s of sets) for (const x of s) out.add(x);
  return out;
}

export function minus<T>(a: Iterable<T>, ...others: ReadonlyArray<ReadonlySet<T>>): Set<T> {
  const out = new Set<T>();
  for (const x of a) if (!others.some((o) => o.has(x))) out.add(x);
  return out;
}

/** Code-unit order, not locale order: the same on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sorted(values: Iterable<string>): string[] {
  return [...values].sort(compareText);
}

/** Set arithmetic for want/have comparisons; results come back sorted so plans are stable. */
import { compareText } from '../util/compare-text.js';

/** Everything in any of the sets. */
export function union<T>(...sets: ReadonlyArray<Iterable<T>>): Set<T> {
  const out = new Set<T>();
  for (const s of sets) for (const x of s) out.add(x);
  return out;
}

/** What `a` has that none of the others has, in the order of `a`. */
export function minus<T>(a: Iterable<T>, ...others: ReadonlyArray<ReadonlySet<T>>): Set<T> {
  const out = new Set<T>();
  for (const x of a) if (!others.some((o) => o.has(x))) out.add(x);
  return out;
}


/** The values in code-unit order, so plans and messages list them the same on every machine. */
export function sorted(values: Iterable<string>): string[] {
  return [...values].sort(compareText);
}

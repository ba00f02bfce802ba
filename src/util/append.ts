/**
 * Adds every item to the end of `target`. `target.push(...items)` passes each item as an
 * argument, and past about 100,000 of them (the issues of a large config, say) V8 throws
 * "Maximum call stack size exceeded".
 */
export function append<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) target.push(item);
}

/**
 * The one string order for output that people diff (plans, state files, config issues):
 * code-unit order, never locale order, so every machine sorts the same way.
 */

/** Code-unit order, not `localeCompare`: the same result under every locale and ICU build. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

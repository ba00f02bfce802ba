/**
 * The one string order for output that people diff (plans, state files, config issues):
 * code-unit order, never locale order, so every machine sorts the same way.
 */

/** Code-unit order, not `localeCompare`: the same result under every locale and ICU build. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts `users` in place in code-unit order (as compareText) and drops repeats and `a` and `b` (two owners, say). */
export function sortedUniqueWithout(users: string[], a: string | undefined, b: string | undefined): string[] {
  users.sort();
  let kept = 0;
  for (let i = 0; i < users.length; i++) {
    const user = users[i]!;
    if (user === a || user === b || (kept > 0 && users[kept - 1] === user)) continue;
    users[kept++] = user;
  }
  users.length = kept;
  return users;
}

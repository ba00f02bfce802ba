/**
 * `--target KEY` (repeatable, `*` matches any run of characters): the keys a plan is
 * narrowed to. Untargeted keys are neither planned nor listed; their bindings stay.
 */

/** A matcher for the patterns; with none, every key is in scope. */
export function targetMatcher(patterns: readonly string[] | undefined): (key: string) => boolean {
  if (patterns === undefined || patterns.length === 0) return () => true;
  const regexes = patterns.map(globToRegExp);
  return (key) => regexes.some((re) => re.test(key));
}

/** A `--target` pattern as a whole-key regular expression: `*` is any run, everything else literal. */
export function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

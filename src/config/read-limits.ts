/**
 * `limits:` of every file -> the one set of edition limits the plan checks against. A
 * limit may be repeated in several files with the same value; two values for one limit
 * are a config issue, since the plan could not tell which the app has.
 */
import type { EditionLimitName, EditionLimits } from '../model/group.js';
import type { ConfigIssue } from './config-error.js';
import type { ParsedFile } from './raw-config.js';

const NAMES: readonly EditionLimitName[] = ['max_users', 'groups_per_app', 'groups_per_user'];

/** The limits the files state (first file to state each wins) and the issues of limits stated twice with different values. */
export function readLimits(files: readonly ParsedFile[]): { limits: EditionLimits; issues: ConfigIssue[] } {
  const limits: EditionLimits = {};
  const issues: ConfigIssue[] = [];
  for (const file of files) {
    for (const name of NAMES) {
      const value = file.limits[name];
      if (value === undefined) continue;
      const source = file.source.valuePosition(['limits', name]);
      const first = limits[name];
      if (first === undefined) limits[name] = { value, source };
      else if (first.value !== value) {
        const message = `is ${value} here but ${first.value} in ${first.source.file}:${first.source.line}: state each limit once`;
        issues.push({ ...source, field: `limits.${name}`, message });
      }
    }
  }
  return { limits, issues };
}

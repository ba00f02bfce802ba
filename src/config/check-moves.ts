/**
 * The rules of `moved:` and `removed:` across every file (the schema checks one entry at
 * a time): a rename goes from a key that is gone to a key that is declared, each key is
 * moved or removed once, and a key is never both declared and forgotten.
 */
import type { ConfigIssue } from './config-error.js';
import type { ParsedFile } from './raw-config.js';
import { formatField } from './schema-issues.js';

type Where = { file: string; line: number; col: number };

const text = (w: Where): string => `${w.file}:${w.line}:${w.col}`;

/** Every break of the cross-file rules above, each at the place of its entry. */
export function checkMovesAndRemovals(files: readonly ParsedFile[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const declared = new Map<string, () => Where>();
  for (const { source, groups } of files) {
    for (const { key } of groups) if (!declared.has(key)) declared.set(key, () => source.keyPosition(['groups', key]));
  }
  const movedFrom = new Map<string, Where>();
  const movedTo = new Map<string, Where>();
  const removed = new Map<string, Where>();

  for (const { source, moved } of files) {
    for (const { from, to, index } of moved) {
      const at = (field: 'from' | 'to'): Where & { field: string } => ({
        ...source.valuePosition(['moved', index, field]),
        field: formatField(['moved', index, field]),
      });
      if (from === to) {
        issues.push({ ...at('to'), message: `moves ${JSON.stringify(from)} to itself; remove the entry` });
        continue;
      }
      const fromDeclared = declared.get(from);
      if (fromDeclared) {
        issues.push({
          ...at('from'),
          message:
            `${JSON.stringify(from)} is still declared under groups at ${text(fromDeclared())}; ` +
            'a moved key must be gone from `groups` (rename it there to ' + JSON.stringify(to) + ')',
        });
      }
      if (!declared.has(to)) {
        issues.push({ ...at('to'), message: `${JSON.stringify(to)} is not declared under groups; declare it (moved renames ${JSON.stringify(from)} to a declared key)` });
      }
      const twiceFrom = movedFrom.get(from);
      if (twiceFrom) issues.push({ ...at('from'), message: `${JSON.stringify(from)} is moved twice: here and at ${text(twiceFrom)}` });
      else movedFrom.set(from, at('from'));
      const twiceTo = movedTo.get(to);
      if (twiceTo) issues.push({ ...at('to'), message: `two keys are moved to ${JSON.stringify(to)}: here and at ${text(twiceTo)}; one group, one key` });
      else movedTo.set(to, at('to'));
    }
  }

  for (const { source, removed: keys } of files) {
    for (const { key, index } of keys) {
      const where = { ...source.valuePosition(['removed', index]), field: formatField(['removed', index]) };
      const isDeclared = declared.get(key);
      if (isDeclared) {
        issues.push({
          ...where,
          message: `${JSON.stringify(key)} is declared under groups at ${text(isDeclared())}; removed forgets a key that is gone from groups: drop one of the two`,
        });
      }
      const moved = movedFrom.get(key) ?? movedTo.get(key);
      if (moved) issues.push({ ...where, message: `${JSON.stringify(key)} is also moved at ${text(moved)}; a key is moved or removed, not both` });
      const twice = removed.get(key);
      if (twice) issues.push({ ...where, message: `${JSON.stringify(key)} is removed twice: here and at ${text(twice)}` });
      else removed.set(key, where);
    }
  }
  return issues;
}

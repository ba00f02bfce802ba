/**
 * `id_strategy:` of every file -> the one strategy the config states (apply/chosen-ids.ts),
 * so a team reviews it in git. Like `limits:`, several files may repeat it with the same
 * value; two values are a config issue, since apply could not tell which to use.
 */
import type { DesiredState } from '../model/group.js';
import type { ConfigIssue } from './config-error.js';
import type { ParsedFile } from './raw-config.js';

/** The strategy the files state (the first file to state it names the line) and the issues of a second value. */
export function readIdStrategy(files: readonly ParsedFile[]): { idStrategy?: DesiredState['idStrategy']; issues: ConfigIssue[] } {
  let first: DesiredState['idStrategy'];
  const issues: ConfigIssue[] = [];
  for (const file of files) {
    const value = file.idStrategy;
    if (value === undefined) continue;
    const source = file.source.valuePosition(['id_strategy']);
    if (first === undefined) first = { value, source };
    else if (first.value !== value) {
      const message = `is ${value} here but ${first.value} in ${first.source.file}:${first.source.line}: state id_strategy once`;
      issues.push({ ...source, field: 'id_strategy', message });
    }
  }
  return first === undefined ? { issues } : { idStrategy: first, issues };
}

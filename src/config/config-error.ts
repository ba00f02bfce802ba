/**
 * Everything wrong with a config, collected and reported together: one `ConfigError`
 * holding every `ConfigIssue`, each printed as `file:line:col: field: message`.
 */
import { compareText } from '../util/compare-text.js';

/** One problem in one place. `line`/`col` are 1-based; 0 when the problem is the path itself. */
export interface ConfigIssue {
  file: string;
  line: number;
  col: number;
  /** Dotted path of the field, e.g. `groups.eng-all.admins[1]`; `yaml` for syntax, `path` for files. */
  field: string;
  message: string;
}

/** `file:line:col: field: message`, or `file: field: message` when there is no position. */
export function formatIssue(issue: ConfigIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.col}` : issue.file;
  return `${where}: ${issue.field}: ${issue.message}`;
}

/** Sorted by file, then line, then column, then text, so output is stable. */
export function sortIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort(
    (a, b) =>
      compareText(a.file, b.file) ||
      a.line - b.line ||
      a.col - b.col ||
      compareText(a.field, b.field) ||
      compareText(a.message, b.message),
  );
}

/** The config is not valid; `issues` says every reason, sorted. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly issues: readonly ConfigIssue[];
  constructor(issues: readonly ConfigIssue[], options?: { cause?: unknown }) {
    const sorted = sortIssues(issues);
    super(sorted.map(formatIssue).join('\n'), options);
    this.issues = sorted;
  }

  /** One line per issue, sorted. */
  lines(): string[] {
    return this.issues.map(formatIssue);
  }
}

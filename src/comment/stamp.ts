/**
 * The line under the comment's marker that says what was planned: the commit (the CI
 * run's GITHUB_SHA or CI_COMMIT_SHA, linked) and when the plan was saved (the plan file's
 * modification time: a saved plan holds no clock, plan/ being pure).
 */

export interface Planned {
  /** The commit the plan was made from. */
  sha?: string;
  /** Its page on the code host, when known. */
  commitUrl?: string;
  /** For a GitHub pull_request run: the head commit, which GITHUB_SHA merges into the base. */
  head?: string;
  /** When the plan was saved. */
  at?: Date;
}

const AT = ' · plan saved ';

/** `<sub>Planned from commit [1a2b3c4](url) · plan saved 2026-12-06 20:40:12 UTC</sub>`, or nothing when neither is known. */
export function stampLine(planned: Planned): string {
  const parts: string[] = [];
  if (planned.sha !== undefined) {
    const short = planned.sha.slice(0, 12);
    const commit = planned.commitUrl ? `[\`${short}\`](${planned.commitUrl})` : `\`${short}\``;
    const head = planned.head && planned.head !== planned.sha ? ` (head \`${planned.head.slice(0, 12)}\` merged into its base)` : '';
    parts.push(`Planned from commit ${commit}${head}`);
  } else {
    parts.push('Planned from an unnamed commit (no GITHUB_SHA or CI_COMMIT_SHA)');
  }
  const at = planned.at !== undefined && !Number.isNaN(planned.at.getTime()) ? `${AT}${formatTime(planned.at)}` : '';
  return `<sub>${parts.join('')}${at}</sub>\n\n`;
}

function formatTime(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A commit id as CI gives it (hex); anything else is not shown, so the line cannot carry Markdown. */
export function commitOf(value: string | undefined): string | undefined {
  return value !== undefined && /^[0-9a-f]{7,64}$/i.test(value.trim()) ? value.trim().toLowerCase() : undefined;
}

/** The body with the plan's time taken out, to tell whether a comment would change in more than that. */
export function withoutTime(body: string): string {
  return body.replace(/ · plan saved [^<\n]*<\/sub>/, '</sub>');
}

/** Escaping for the few places where plan text lands in Markdown or HTML. */

/** Text inside HTML (`<summary>`, `<code>`): Markdown is not rendered there. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Free text in a Markdown paragraph or list item: no emphasis, links, tables or HTML. */
export function escapeMarkdown(text: string): string {
  return escapeHtml(text.replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)).replace(/\n/g, ' ');
}

/** Inline code that survives backticks in the text (CommonMark: a longer delimiter run). */
export function inlineCode(text: string): string {
  const flat = text.replace(/\n/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 || flat.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A fenced code block whose fence no line of the body can close. */
export function codeBlock(language: string, lines: readonly string[]): string {
  const longest = Math.max(0, ...lines.flatMap((l) => l.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${language}`, ...lines, fence].join('\n');
}

/**
 * The plan as a pull-request comment: a heading, errors first, the summary table, the
 * risky steps called out, then one folded block per group. Never longer than `limit`
 * characters (GitHub refuses comments over 65,536): whole groups are left out from the
 * end, and a closing notice says how many.
 */
import { ACTIONS, isRisky, type Plan } from '../plan/types.js';
import {
  countTotals,
  errorSentence,
  guardSentence,
  idStrategySentence,
  lineText,
  NOT_IN_CONFIGURATION,
  sortErrors,
  sortWarnings,
  summarySentence,
  viewGroups,
  viewKept,
  type GroupView,
  type KeptView,
} from './plan-view.js';
import { codeBlock, escapeHtml, escapeMarkdown, inlineCode } from './markdown-text.js';
import { plural } from '../util/plural.js';
import { escapeControls } from './describe-step.js';

/** How the markdown view is bounded. */
export interface MarkdownOptions {
  /** Longest output in characters (UTF-16 code units, which never undercount). */
  limit?: number;
}

/** Below the 65,536 characters a GitHub comment takes, with room for the comment's own frame. */
export const MARKDOWN_LIMIT = 60_000;
/** Risky steps listed by name above the groups; the rest are marked `(!)` in their group. */
const RISKY_LISTED = 20;
/** Change lines shown per group; a reviewer does not read thousands in a comment. */
const LINES_PER_GROUP = 200;
const WARN = '⚠️';

/** The plan as Markdown, ending with a newline. */
export function renderMarkdown(plan: Plan, options: MarkdownOptions = {}): string {
  const limit = options.limit ?? MARKDOWN_LIMIT;
  const groups = viewGroups(plan);
  const totals = countTotals(plan, groups);
  const out = new Blocks();

  out.add('### groupctl plan');
  if (plan.errors.length > 0) out.add(errorSection(plan, Math.floor(limit / 2)));
  const warnings = warningSection(plan, Math.floor(limit / 8));
  if (warnings !== undefined) out.add(warnings);
  out.add(`**${escapeMarkdown(summarySentence(totals))}**`);
  const guards = guardSentence(plan);
  if (guards !== undefined) out.add(escapeMarkdown(guards));
  const ids = idStrategySentence(plan);
  if (ids !== undefined) out.add(escapeMarkdown(ids));
  const table = summaryTable(plan);
  if (table !== undefined) out.add(table);
  if (totals.risky > 0) out.add(riskySection(groups, totals.risky));

  const reserve = notice(groups.length).length + 2;
  let shown = 0;
  for (const group of groups) {
    const block = groupBlock(group);
    if (out.lengthWith(block) + reserve > limit) break;
    out.add(block);
    shown += 1;
  }
  if (shown < groups.length) out.add(notice(groups.length - shown));
  else {
    const kept = keptBlock(viewKept(plan));
    if (kept !== undefined && out.lengthWith(kept) <= limit) out.add(kept);
  }

  const text = out.text();
  return text.length <= limit ? text : lastResort(totals.errors > 0, summarySentence(totals), groups.length, limit);
}

function errorSection(plan: Plan, budget: number): string {
  const errors = sortErrors(plan);
  const head = `#### ❌ ${errorSentence(errors.length)}\n`;
  const items: string[] = [];
  let length = head.length;
  for (const [i, error] of errors.entries()) {
    const item = `\n- ${escapeMarkdown(escapeControls(error.message.replace(/\s*\n\s*/g, ' ')))}`;
    const rest = errors.length - i;
    if (length + item.length + moreErrors(rest).length > budget) {
      items.push(moreErrors(rest));
      break;
    }
    items.push(item);
    length += item.length;
  }
  return head + items.join('');
}

function warningSection(plan: Plan, budget: number): string | undefined {
  const warnings = sortWarnings(plan);
  if (warnings.length === 0) return undefined;
  const head = `#### ${WARN} ${plural(warnings.length, 'warning')}\n`;
  let text = head;
  for (const [i, warning] of warnings.entries()) {
    const item = `\n- ${escapeMarkdown(escapeControls(warning.message.replace(/\s*\n\s*/g, ' ')))}`;
    if (text.length + item.length > budget) {
      text += `\n- … and ${plural(warnings.length - i, 'more warning')}; run groupctl plan locally to see them all`;
      break;
    }
    text += item;
  }
  return text;
}

/** Bound keys not in this configuration, folded: information, not changes. At most 200 listed. */
function keptBlock(kept: readonly KeptView[]): string | undefined {
  if (kept.length === 0) return undefined;
  const shown = kept.slice(0, LINES_PER_GROUP).map(({ key, id }) => `${key} (${id})`);
  if (kept.length > shown.length) shown.push(`… and ${kept.length - shown.length} more`);
  const summary = `${escapeHtml(NOT_IN_CONFIGURATION.replace(/:$/, ''))}: ${kept.length}`;
  return [`<details><summary>${summary}</summary>`, '', codeBlock('text', shown), '', '</details>'].join('\n');
}

function moreErrors(count: number): string {
  return `\n- … and ${plural(count, 'more error')}; run npx groupctl plan locally to see them all`;
}

function summaryTable(plan: Plan): string | undefined {
  const rows = ACTIONS.filter((action) => (plan.summary[action] ?? 0) > 0).map(
    (action) => `| ${action}${isRisky(action) ? ` ${WARN}` : ''} | ${plan.summary[action]} |`,
  );
  if (rows.length === 0) return undefined;
  return ['| action | count |', '| --- | ---: |', ...rows].join('\n');
}

function riskySection(groups: readonly GroupView[], total: number): string {
  const items: string[] = [];
  for (const group of groups) {
    for (const step of group.steps) {
      if (!step.risky || items.length >= RISKY_LISTED) continue;
      const line = step.lines[0];
      if (line !== undefined) items.push(`- ${inlineCode(group.key)}: ${inlineCode(`${line.sign} ${line.text}`)}`);
    }
  }
  if (total > items.length) items.push(`- … and ${total - items.length} more, marked (!) in the groups below`);
  return [`#### ${WARN} ${plural(total, 'risky step')}`, '', ...items].join('\n');
}

function groupBlock(group: GroupView): string {
  const where = group.id ?? 'new group';
  const lines: string[] = [];
  for (const change of group.changes) {
    change.lines.forEach((line, n) => lines.push(lineText(line.sign, line.text, false, n === 0 ? change.reason : undefined)));
  }
  for (const [i, step] of group.steps.entries()) {
    if (lines.length > 0 && lines.length + step.lines.length > LINES_PER_GROUP) {
      lines.push(`# … ${plural(group.steps.length - i, 'more step')} not shown; run npx groupctl plan locally`);
      break;
    }
    step.lines.forEach((line, n) =>
      lines.push(lineText(line.sign, line.text, n === 0 && step.risky, n === 0 ? step.reason : undefined)),
    );
  }
  const risky = group.riskyCount > 0 ? `, ${group.riskyCount} risky ${WARN}` : '';
  const count = group.steps.length > 0 || group.changes.length === 0 ? plural(group.steps.length, 'step') : plural(group.changes.length, 'binding change');
  const summary = `<code>${escapeHtml(group.key)}</code> (${escapeHtml(where)}): ${count}${risky}`;
  return [`<details><summary>${summary}</summary>`, '', codeBlock('diff', lines), '', '</details>'].join('\n');
}

function notice(hidden: number): string {
  return `… ${plural(hidden, 'more group')} not shown; run npx groupctl plan locally for the full plan.`;
}

/** Only for limits too small for the heading, the errors' head and the summary. */
function lastResort(hasErrors: boolean, summary: string, groups: number, limit: number): string {
  const parts = ['### groupctl plan', `**${escapeMarkdown(summary)}**`];
  if (hasErrors) parts.push('**This plan has errors and cannot be applied.**');
  parts.push(notice(groups));
  return `${parts.join('\n\n')}\n`.slice(0, limit);
}

/** Blocks separated by a blank line, ending with a newline; knows its length as it grows. */
class Blocks {
  private readonly parts: string[] = [];
  private length = 0;

  add(block: string): void {
    this.length = this.lengthWith(block);
    this.parts.push(block);
  }

  lengthWith(block: string): number {
    return this.parts.length === 0 ? block.length + 1 : this.length + 2 + block.length;
  }

  text(): string {
    return `${this.parts.join('\n\n')}\n`;
  }
}

/**
 * The human plan, like `terraform plan`: errors first and loudly, one block per group
 * sorted by key, one line per change, a final summary line. Formats only; decides nothing.
 */
import type { Plan } from '../plan/types.js';
import { append } from '../util/append.js';
import { makePaint, type Paint } from './ansi.js';
import type { Sign } from './describe-step.js';
import { escapeControls } from './describe-step.js';
import {
  countTotals,
  errorSentence,
  guardSentence,
  idStrategySentence,
  NOT_IN_CONFIGURATION,
  sortErrors,
  sortWarnings,
  summarySentence,
  viewGroups,
  viewKept,
  type GroupView,
} from './plan-view.js';

/** How the text view is drawn. */
export interface TextOptions {
  /** ANSI colour; the CLI turns it on for a TTY without NO_COLOR. */
  color: boolean;
}

/** The plan as terminal text, ending with a newline. */
export function renderText(plan: Plan, options: TextOptions): string {
  const paint = makePaint(options.color);
  const groups = viewGroups(plan);
  const totals = countTotals(plan, groups);
  const out: string[] = [];

  for (const error of sortErrors(plan)) out.push(paint.bold(paint.red(`Error: ${indentMore(printableLines(error.message))}`)));
  for (const warning of sortWarnings(plan)) out.push(paint.yellow(`Warning: ${indentMore(printableLines(warning.message))}`));
  if (out.length > 0) out.push('');

  if (groups.length > 0) {
    out.push('groupctl will perform the following actions:', '');
    for (const group of groups) {
      append(out, renderGroup(group, paint));
      out.push('');
    }
  }
  const kept = viewKept(plan);
  if (kept.length > 0) {
    out.push(paint.dim(NOT_IN_CONFIGURATION));
    for (const { key, id } of kept) out.push(paint.dim(`  # ${key} (${id})`));
    out.push('');
  }

  const guards = guardSentence(plan);
  if (guards !== undefined) out.push(guards);
  const ids = idStrategySentence(plan);
  if (ids !== undefined) out.push(ids);
  out.push(paint.bold(summarySentence(totals)));
  if (totals.errors > 0) out.push(paint.bold(paint.red(errorSentence(totals.errors))));
  return `${out.join('\n')}\n`;
}

function renderGroup(group: GroupView, paint: Paint): string[] {
  const where = group.id ?? 'new group';
  const lines = [`  ${paint.bold(`# ${group.key}`)} (${where})`];
  for (const change of group.changes) {
    change.lines.forEach((line, i) => {
      const reason = i === 0 && change.reason !== undefined ? `  ${paint.dim(`# ${change.reason}`)}` : '';
      lines.push(`    ${colourOf(line.sign, paint)(`${line.sign} ${line.text}`)}${reason}`);
    });
  }
  for (const step of group.steps) {
    step.lines.forEach((line, i) => {
      const first = i === 0;
      const risk = first && step.risky ? ` ${paint.bold(paint.red('(!)'))}` : '';
      const reason = first && step.reason !== undefined ? `  ${paint.dim(`# ${step.reason}`)}` : '';
      lines.push(`    ${colourOf(line.sign, paint)(`${line.sign} ${line.text}`)}${risk}${reason}`);
    });
  }
  return lines;
}

function colourOf(sign: Sign, paint: Paint): (text: string) => string {
  switch (sign) {
    case '+':
      return paint.green;
    case '~':
      return paint.yellow;
    case '-':
      return paint.red;
  }
}

/** Messages may span lines; each line is made printable on its own. */
function printableLines(text: string): string {
  return text.split('\n').map(escapeControls).join('\n');
}

function indentMore(text: string): string {
  return text.replace(/\n/g, '\n       ');
}

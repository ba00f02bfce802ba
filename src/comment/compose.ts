/**
 * The body of groupctl's pull-request comment: the marker, a digest of the plan's changes
 * (so a later run can tell whether what it is about to apply is what was reviewed), an
 * optional note, the commit planned and when (stamp.ts), and the Markdown plan, shortened to fit the code host's limit.
 */
import { createHash } from 'node:crypto';
import type { Plan } from '../plan/types.js';
import { renderMarkdown } from '../render/index.js';
import { escapeMarkdown } from '../render/index.js';
import { MARKER } from './sticky.js';
import { type Planned, stampLine } from './stamp.js';
import { compareText } from '../util/compare-text.js';

/** GitHub refuses comment bodies of 65,536 characters or more (and counts UTF-16 code units at most). */
export const COMMENT_LIMIT = 65_536;

const DIGEST_PREFIX = '<!-- groupctl:digest ';

/**
 * A digest of what the plan changes: its steps, the bindings it drops and its errors. The
 * live fingerprints are left out on purpose: they are checked by `apply --plan`, and a
 * plan made again from the same config and the same live groups has the same digest.
 */
export function planDigest(plan: Plan): string {
  const changes = { steps: plan.steps, unmanaged: plan.unmanaged ?? [], errors: plan.errors ?? [] };
  return `sha256:${createHash('sha256').update(canonicalJson(changes)).digest('hex')}`;
}

/** The digest recorded in a comment body, if any. */
export function digestIn(body: string): string | undefined {
  const start = body.indexOf(DIGEST_PREFIX);
  if (start < 0) return undefined;
  const end = body.indexOf(' -->', start);
  return end < 0 ? undefined : body.slice(start + DIGEST_PREFIX.length, end);
}

export interface ComposeOptions {
  /** A sentence shown above the plan (e.g. why it was not applied). */
  note?: string;
  /** Where the whole plan is when the comment had to be shortened (Markdown). */
  pointer: string;
  /** Longest body, in UTF-16 code units; default just under COMMENT_LIMIT. */
  limit?: number;
  /** The commit planned and when: a line under the note. */
  planned?: Planned;
}

/** Longest note, so that a note never pushes a comment over the limit by much. */
const NOTE_LIMIT = 1_000;

function noteBlock(note: string): string {
  return `> ${escapeMarkdown(note.length > NOTE_LIMIT ? `${note.slice(0, NOTE_LIMIT)}…` : note)}\n\n`;
}

/**
 * The comment `body` with `note` above its plan instead of any earlier note; the marker, the
 * digest, the commit line and the plan stay as they are (the reviewed plan is still the one shown).
 */
export function withNote(body: string, note: string, limit = COMMENT_LIMIT - 1): string {
  const lines = body.split('\n');
  const head = lines.slice(0, 2).join('\n') + '\n';
  let rest = lines.slice(2).join('\n');
  const oldNote = /^> [^\n]*\n\n/.exec(rest);
  if (oldNote) rest = rest.slice(oldNote[0].length);
  const note_ = noteBlock(note);
  return (head + note_ + rest).slice(0, limit);
}

export function composeComment(plan: Plan, options: ComposeOptions): string {
  const limit = options.limit ?? COMMENT_LIMIT - 1;
  const head = `${MARKER}\n${DIGEST_PREFIX}${planDigest(plan)} -->\n${options.note ? noteBlock(options.note) : ''}${stampLine(options.planned ?? {})}`;
  const full = renderMarkdown(plan, { limit: Number.MAX_SAFE_INTEGER });
  if (head.length + full.length <= limit) return head + full;
  const tail = `\n**The plan is too long for one comment and was shortened.** ${options.pointer}\n`;
  return head + renderMarkdown(plan, { limit: Math.max(0, limit - head.length - tail.length) }) + tail;
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => compareText(a, b))
      .map(([k, v]) => [k, sortKeys(v)]),
  );
}

/**
 * A step as a person reads it, shared by every human renderer: terraform-like lines
 * (`+ admin: carol`, `~ max_users: 200 -> 500`, `- member: zed`). Formatting only:
 * nothing here looks at anything but the step.
 */
import { SETTING_NAMES, type Settings } from '../model/group.js';
import { isRisky, type Step } from '../plan/types.js';
import { compareText } from '../util/compare-text.js';

/** `+` adds or creates, `~` changes in place, `-` removes or dismisses. */
export type Sign = '+' | '~' | '-';

/** One line of a step as a person reads it. */
export interface ChangeLine {
  sign: Sign;
  text: string;
}

/** A step ready for any human renderer (text, markdown). */
export interface StepView {
  /** One or more lines; the reason and the risk mark belong to the first. */
  lines: ChangeLine[];
  risky: boolean;
  reason?: string;
}

/** A step's lines, risk mark and printable reason: the plan views' one description of a step. */
export function describeStep(step: Step): StepView {
  const view: StepView = { lines: linesOf(step), risky: isRisky(step.action) };
  if (step.reason !== undefined && step.reason !== '') view.reason = escapeControls(step.reason);
  return view;
}

function linesOf(step: Step): ChangeLine[] {
  switch (step.action) {
    case 'create':
      return [
        { sign: '+', text: 'create group' },
        { sign: '+', text: `owner: ${user(step.details.owner)}` },
        ...settingEntries(step.details.settings).map(([name, value]) => ({ sign: '+' as const, text: `${name}: ${formatValue(value)}` })),
        ...(step.details.scale === undefined ? [] : [{ sign: '+' as const, text: `scale: ${formatValue(step.details.scale)}` }]),
        ...step.details.members.map((m) => ({ sign: '+' as const, text: `member: ${user(m)}` })),
      ];
    case 'import':
      return [
        { sign: '+', text: `import existing group (owner ${user(step.details.owner)}, name ${formatValue(step.details.name)})` },
      ];
    case 'update':
      return settingEntries(step.details.changes).map(([name, change]) => ({
        sign: '~' as const,
        text:
          change?.from === change?.to
            ? `${name}: ${formatValue(change?.to)} (unchanged, sent again: making the group public may reset it)`
            : `${name}: ${formatValue(change?.from)} -> ${formatValue(change?.to)}`,
      }));
    case 'transfer':
      return [{ sign: '~', text: `owner: ${user(step.details.from)} -> ${user(step.details.to)}` }];
    case 'add-member':
      return [{ sign: '+', text: `member: ${user(step.details.user)}` }];
    case 'remove-member':
      return [{ sign: '-', text: `member: ${user(step.details.user)}` }];
    case 'add-admin':
      return [{ sign: '+', text: `admin: ${user(step.details.user)}` }];
    case 'remove-admin':
      return [{ sign: '-', text: `admin: ${user(step.details.user)}` }];
    case 'enable':
      return [{ sign: '~', text: 'disabled: true -> false' }];
    case 'disable':
      return [{ sign: '~', text: 'disabled: false -> true' }];
    case 'mute-all':
      return [{ sign: '~', text: 'mute_all: false -> true (notable: only the owner, admins and the allow list may speak)' }];
    case 'unmute-all':
      return [{ sign: '~', text: 'mute_all: true -> false' }];
    case 'set-announcement':
      return [{ sign: '~', text: `announcement: ${formatValue(step.details.from)} -> ${formatValue(step.details.to)}` }];
    case 'add-allow':
      return [{ sign: '+', text: `allow_list: ${user(step.details.user)}` }];
    case 'remove-allow':
      return [{ sign: '-', text: `allow_list: ${user(step.details.user)}` }];
    case 'block':
      return [{ sign: '+', text: `block_list: ${user(step.details.user)} (no longer a member; cannot be added until unblocked)` }];
    case 'unblock':
      return [{ sign: '-', text: `block_list: ${user(step.details.user)}` }];
    case 'dismiss':
      return [{ sign: '-', text: 'dismiss group' }];
    default:
      return unknownAction(step);
  }
}

function unknownAction(step: never): never {
  throw new Error(`cannot render a step with action ${JSON.stringify((step as { action: unknown }).action)}`);
}

/** Settings in the order plans list them (SETTING_NAMES), any others after, by name. */
function settingEntries<T>(values: Partial<Record<string, T>> | Settings): Array<[string, T]> {
  const rank = (name: string): number => {
    const i = (SETTING_NAMES as readonly string[]).indexOf(name);
    return i === -1 ? SETTING_NAMES.length : i;
  };
  return (Object.entries(values) as Array<[string, T]>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => rank(a) - rank(b) || compareText(a, b));
}

/**
 * Strings are quoted (JSON escapes, so an empty value, spaces and control characters
 * stay visible and cannot drive a terminal); `null` is a live value the API does not
 * show (invite_need_confirm).
 */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '(unknown)';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return escapeControls(JSON.stringify(value) ?? String(value));
}

/** User ids are plain (FACTS.md); anything else the server sends is quoted. */
function user(name: string): string {
  return /^[^\s\p{C}"]+$/u.test(name) ? name : escapeControls(JSON.stringify(name));
}

/**
 * Free text with control characters escaped, so it cannot drive a terminal or break a
 * line. JSON leaves C1 controls (8-bit CSI) and the bidirectional overrides as they are,
 * so quoted values pass through here too.
 */
export function escapeControls(text: string): string {
  return text.replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

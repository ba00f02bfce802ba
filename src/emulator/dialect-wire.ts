/**
 * Where a dialect touches the wire: request bodies read under the dialect's spellings
 * before they reach the store (so the journal always holds the store's own form and
 * replays the same under any dialect), and refusals reworded on the way out. The
 * store's rules do not change with the dialect.
 */
import type { Readings } from './dialects.js';
import { StoreError } from './store-error.js';

/** Create fields that mean the description or the join-approval flag, by reading. */
const CREATE_SPELLINGS: Record<Readings['createFields'], { description: string; membersonly: string }> = {
  'description+membersonly': { description: 'description', membersonly: 'membersonly' },
  'desc+members_only': { description: 'desc', membersonly: 'members_only' },
  'desc+approval': { description: 'desc', membersonly: 'approval' },
};
const ALL_CREATE_SPELLINGS = ['description', 'membersonly', 'desc', 'members_only', 'approval'];

/** The create body in the store's spelling: the honoured spellings renamed, the others dropped unread. */
export function readCreateBody(readings: Readings, body: Record<string, unknown>): Record<string, unknown> {
  const honoured = CREATE_SPELLINGS[readings.createFields];
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(body)) if (!ALL_CREATE_SPELLINGS.includes(field)) out[field] = value;
  if (honoured.description in body) out['description'] = body[honoured.description];
  if (honoured.membersonly in body) out['membersonly'] = body[honoured.membersonly];
  if (readings.createGroupId === 'ignored') delete out['groupid'];
  return out;
}

/**
 * The modify body in the store's spelling. Under `name`, `groupname` is dropped unread
 * (and so gets no boolean in the answer): the silent case a client must read back to see.
 */
export function readModifyBody(readings: Readings, body: Record<string, unknown>): Record<string, unknown> {
  if (readings.modifyName === 'groupname') return body;
  const { groupname: _ignored, name, ...rest } = body;
  return name === undefined ? rest : { ...rest, groupname: name };
}

/** The refusal as this dialect words it. */
export function reword(readings: Readings, error: StoreError): StoreError {
  if (error.reason === 'disabled' && readings.disabledWords === 'websdk') {
    return new StoreError(403, 'forbidden_op', 'can not operate this group, reason: group is disabled', error.reason);
  }
  if (error.reason === 'not-member' && readings.removeNonMember === 404) {
    return new StoreError(404, 'resource_not_found', error.description, error.reason);
  }
  return error;
}

/** The doc sources' words when no name of a batch removal is a member (never reworded to 404: that is remove-one's). */
export function notMembers(users: readonly string[]): StoreError {
  return new StoreError(403, 'forbidden_op', `users [${users.join(', ')}] are not members of this group!`);
}

/**
 * FACTS.md "wordings" give the words for one user already in the group; assumption: a
 * batch of members only is refused in the same words, for its first name.
 */
export function alreadyMembers(users: readonly string[], id: string): StoreError {
  return new StoreError(403, 'forbidden_op', `can not join this group, reason:user: ${users[0]?.toLowerCase()} already in group: ${id}`);
}

/**
 * The store's 0-based page for a requested `pagenum`, or undefined for a page that is
 * empty by the dialect (page 0 when pages start at 1 and 0 is not page 1).
 */
export function userGroupsPage(readings: Readings, pagenum: number): number | undefined {
  if (readings.userPages === 'from-0') return Math.max(0, pagenum);
  if (pagenum <= 0) return readings.userPages === 'from-1' ? 0 : undefined;
  return pagenum - 1;
}

/** `expires_in` for a lifetime in seconds. */
export function expiresIn(readings: Readings, seconds: number): number {
  return readings.expiresIn === 'milliseconds' ? seconds * 1000 : seconds;
}

/** A missing id in a details batch, or undefined when the dialect leaves it out. */
export function missingDetailsRow(readings: Readings, id: string): Record<string, unknown> | undefined {
  switch (readings.missingDetails) {
    case 'error-row':
      return { id, error: "group id doesn't exist" };
    case 'no-owner':
      // Assumption: what an empty group object serialises to; no owner, no members.
      return { id, affiliations_count: 0, affiliations: [] };
    case 'omitted':
      return undefined;
  }
}

/**
 * The error body. Assumption for `error_code` (the web SDK reads it, nothing shows its
 * values): the HTTP status as a number.
 */
export function errorFields(readings: Readings, status: number, error: string, description: string): Record<string, unknown> {
  if (readings.errorBody === 'error_code') return { error_code: status, desc: description };
  return { error, exception: exceptionName(error), error_description: description };
}

/** `forbidden_op` -> `EasemobForbiddenOpException`, the server's Java-flavoured naming. */
function exceptionName(error: string): string {
  const pascal = error
    .split(/[_\s]+/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return `Easemob${pascal}Exception`;
}

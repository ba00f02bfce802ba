/**
 * One groupctl comment per pull request / merge request (the "sticky comment" of Atlantis,
 * tfcmt and pulumi/actions): a hidden marker at the start of the body finds it again on
 * later runs, on whichever page of comments it is, and it is edited in place.
 */
import { withoutTime } from './stamp.js';

export interface Comment {
  id: string;
  body: string;
  /** Who wrote it, as the host names users (GitHub `user`, GitLab `author`). */
  author?: Identity;
}

/** A user of the code host: its numeric id when known, and its login (`github-actions[bot]`). */
export interface Identity {
  id?: string;
  login: string;
}

/** Most pages of comments read before giving up: 50 pages of 100 is more than any real review holds. */
export const MAX_PAGES = 50;

/** The comments of one pull request or merge request, as a code host serves them. */
export interface CommentThread {
  /** For messages: `pull request #12 of acme/groups`. */
  readonly where: string;
  /** Every comment, page by page, oldest first where the API can sort. */
  pages(): AsyncIterable<Comment[]>;
  create(body: string): Promise<Comment>;
  update(id: string, body: string): Promise<Comment>;
  /** The token's own identity: only its comments are ever edited or trusted. */
  identity(): Promise<Identity>;
}

/**
 * Starts every groupctl comment. A body that merely quotes one (`> <!-- ...`) does not
 * start with it, so a reviewer's reply is never taken for ours.
 */
export const MARKER = '<!-- groupctl:plan -->';

/**
 * The oldest comment of groupctl's in the thread, if any: it starts with the marker and
 * its author is the token's own identity. Anyone can write the marker; a comment by
 * another author is never edited, and its digest is never trusted by `--verify`.
 */
export async function findSticky(thread: CommentThread): Promise<Comment | undefined> {
  const self = await thread.identity();
  for await (const page of thread.pages()) {
    const ours = page.find((c) => c.body.startsWith(MARKER) && c.author !== undefined && sameIdentity(c.author, self));
    if (ours) return ours;
  }
  return undefined;
}

/** By id when both have one (a login can be renamed), else by login, case-insensitively (GitHub logins are). */
export function sameIdentity(a: Identity, b: Identity): boolean {
  if (a.id !== undefined && b.id !== undefined) return a.id === b.id;
  return a.login.toLowerCase() === b.login.toLowerCase();
}

export interface Upserted {
  action: 'created' | 'updated' | 'unchanged';
  id: string;
}

/** Edits groupctl's comment to `body`, or creates it on the first run. */
export async function upsertSticky(thread: CommentThread, body: string): Promise<Upserted> {
  if (!body.startsWith(MARKER)) throw new Error('a groupctl comment must start with its marker');
  const existing = await findSticky(thread);
  if (!existing) return { action: 'created', id: (await thread.create(body)).id };
  // An identical body is not sent again (no "edited" noise); the time the plan was saved
  // alone does not count: the same plan of the same commit was already shown.
  if (withoutTime(existing.body) === withoutTime(body)) return { action: 'unchanged', id: existing.id };
  return { action: 'updated', id: (await thread.update(existing.id, body)).id };
}

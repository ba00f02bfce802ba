/**
 * One groupctl comment per pull request / merge request (the "sticky comment" of Atlantis,
 * tfcmt and pulumi/actions): a hidden marker at the start of the body finds it again on
 * later runs, on whichever page of comments it is, and it is edited in place.
 */

export interface Comment {
  id: string;
  body: string;
}

/** The comments of one pull request or merge request, as a code host serves them. */
export interface CommentThread {
  /** For messages: `pull request #12 of acme/groups`. */
  readonly where: string;
  /** Every comment, page by page, oldest first where the API can sort. */
  pages(): AsyncIterable<Comment[]>;
  create(body: string): Promise<Comment>;
  update(id: string, body: string): Promise<Comment>;
}

/**
 * Starts every groupctl comment. A body that merely quotes one (`> <!-- ...`) does not
 * start with it, so a reviewer's reply is never taken for ours.
 */
export const MARKER = '<!-- groupctl:plan -->';

/** The oldest comment of groupctl's in the thread, if any. */
export async function findSticky(thread: CommentThread): Promise<Comment | undefined> {
  for await (const page of thread.pages()) {
    const ours = page.find((c) => c.body.startsWith(MARKER));
    if (ours) return ours;
  }
  return undefined;
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
  // An identical body is not sent again: no "edited" noise on the pull request.
  if (existing.body === body) return { action: 'unchanged', id: existing.id };
  return { action: 'updated', id: (await thread.update(existing.id, body)).id };
}

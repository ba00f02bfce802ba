/** Decoding the code hosts' answers at the boundary: a comment is an id and a body. */
import { CommentApiError } from './http.js';
import type { Comment } from './sticky.js';

export function decodeComment(value: unknown, host: string): Comment {
  const c = value as { id?: unknown; body?: unknown } | null;
  if ((typeof c?.id !== 'number' && typeof c?.id !== 'string') || (c.body !== undefined && c.body !== null && typeof c.body !== 'string')) {
    throw new CommentApiError(`${host} answered with a comment that has no id: ${JSON.stringify(value)?.slice(0, 200)}`, 200);
  }
  return { id: String(c.id), body: typeof c.body === 'string' ? c.body : '' };
}

/** A page of comments; GitLab's system notes ("added 1 commit") are not comments of anyone's. */
export function decodeComments(value: unknown, host: string): Comment[] {
  if (!Array.isArray(value)) throw new CommentApiError(`${host} answered the list of comments with something that is not a list`, 200);
  return value.filter((c) => (c as { system?: unknown })?.system !== true).map((c) => decodeComment(c, host));
}

export function sameOrigin(url: string, base: string): boolean {
  try {
    return new URL(url).origin === new URL(base).origin;
  } catch {
    return false;
  }
}

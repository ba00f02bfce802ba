/** Decoding the code hosts' answers at the boundary: a comment is an id, a body and its author; a user is an id and a login. */
import { CommentApiError } from './http.js';
import type { Comment, Identity } from './sticky.js';

type Host = 'GitHub' | 'GitLab';

export function decodeComment(value: unknown, host: Host): Comment {
  const c = value as { id?: unknown; body?: unknown; user?: unknown; author?: unknown } | null;
  if ((typeof c?.id !== 'number' && typeof c?.id !== 'string') || (c.body !== undefined && c.body !== null && typeof c.body !== 'string')) {
    throw new CommentApiError(`${host} answered with a comment that has no id: ${JSON.stringify(value)?.slice(0, 200)}`, 200);
  }
  const author = decodeUser(host === 'GitHub' ? c.user : c.author, host);
  return { id: String(c.id), body: typeof c.body === 'string' ? c.body : '', ...(author ? { author } : {}) };
}

/** GitHub's `{login, id}`, GitLab's `{username, id}`; undefined when the answer has no usable user (a deleted account: "ghost"). */
export function decodeUser(value: unknown, host: Host): Identity | undefined {
  const u = value as { id?: unknown; login?: unknown; username?: unknown } | null | undefined;
  const login = host === 'GitHub' ? u?.login : u?.username;
  if (typeof login !== 'string' || login === '') return undefined;
  const id = typeof u?.id === 'number' || (typeof u?.id === 'string' && u.id !== '') ? String(u.id) : undefined;
  return id === undefined ? { login } : { id, login };
}

/** A page of comments; GitLab's system notes ("added 1 commit") are not comments of anyone's. */
export function decodeComments(value: unknown, host: Host): Comment[] {
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

/**
 * Follows `next` page by page, at most MAX_PAGES, never to another origin (the token
 * goes only where the API variable points) and never to a page already read.
 */
export async function* boundedPages(
  first: string,
  fetchPage: (url: string) => Promise<{ items: Comment[]; next: string | undefined }>,
  limits: { host: Host; api: string; where: string; maxPages: number },
): AsyncIterable<Comment[]> {
  const seen = new Set<string>();
  let url: string | undefined = first;
  while (url !== undefined) {
    if (seen.size >= limits.maxPages) {
      throw new CommentApiError(
        `${limits.host} kept sending pages of comments on ${limits.where}: stopped after ${limits.maxPages} pages (${limits.maxPages * 100} comments) without reaching the last one`,
        0,
      );
    }
    if (seen.has(url)) throw new CommentApiError(`${limits.host} sent the page ${url} of comments on ${limits.where} twice (a loop): stopped`, 0);
    seen.add(url);
    const { items, next }: { items: Comment[]; next: string | undefined } = await fetchPage(url);
    yield items;
    if (next !== undefined && !sameOrigin(next, limits.api)) throw new CommentApiError(`${limits.host}'s next page ${next} is not on ${limits.api}`, 0);
    url = next;
  }
}

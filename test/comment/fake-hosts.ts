/**
 * A fake GitHub and a fake GitLab REST API on loopback (node:http, port 0): just the
 * comment endpoints groupctl uses, with their pagination and their authors, and who the
 * token is (GitHub: a job's GITHUB_TOKEN is an installation token, refused by `GET /user`
 * and answered by GraphQL `viewer`; GitLab: `GET /user`), recording every call exactly as
 * it arrived. Their own small tables, written from the hosts' docs, not from our client.
 * `intercept` answers a call before the tables do (faults: 5xx, 429, endless pages, an
 * answer that drips).
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Call {
  method: string;
  /** Path and query, as sent. */
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface StoredComment {
  id: number;
  body: string;
  system?: boolean;
  /** The author's login; default `someone`. Comments the token makes are the token's. */
  author?: string;
}

/** The token's own user. */
export interface FakeUser {
  id: number;
  login: string;
}

/** GitHub's bot for the job's GITHUB_TOKEN (its user id on github.com). */
export const ACTIONS_BOT: FakeUser = { id: 41898282, login: 'github-actions[bot]' };

export interface FakeHost {
  url: string;
  calls: Call[];
  comments: StoredComment[];
  /** Answer every request with this status (e.g. 403), when set. */
  refuse?: number;
  /** Who the token is. */
  self: FakeUser;
  /** GitHub: the token is a user's (`GET /user` answers) instead of an installation's. */
  userToken?: boolean;
  /** Answers a call before the tables do, when it returns an answer. */
  intercept?: (call: Call, url: URL) => Answer | undefined;
  close(): Promise<void>;
}

export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Send the body one byte at a time, this many ms apart (an answer that never quite ends). */
  dripMs?: number;
}

type Route = (call: Call, url: URL, host: FakeHost, size: number) => Answer | undefined;

function send(res: ServerResponse, answer: Answer, drips: Set<NodeJS.Timeout>): void {
  res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
  const text = JSON.stringify(answer.body);
  if (answer.dripMs === undefined) {
    res.end(text);
    return;
  }
  let i = 0;
  const timer = setInterval(() => {
    if (i >= text.length || res.destroyed) {
      clearInterval(timer);
      drips.delete(timer);
      res.end();
      return;
    }
    res.write(text[i++]);
  }, answer.dripMs);
  drips.add(timer);
}

async function start(route: Route, pageSize: number, self: FakeUser): Promise<FakeHost> {
  const host: FakeHost = { url: '', calls: [], comments: [], self, close: async () => undefined };
  const drips = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const call: Call = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: raw === '' ? undefined : JSON.parse(raw) };
      host.calls.push(call);
      const url = new URL(req.url ?? '/', host.url);
      const answer: Answer = host.refuse
        ? { status: host.refuse, body: { message: 'Resource not accessible by integration' } }
        : host.intercept?.(call, url) ??
          route(call, url, host, Math.min(pageSize, Number(url.searchParams.get('per_page') ?? 20))) ?? { status: 404, body: { message: 'Not Found' } };
      send(res, answer, drips);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  host.close = () =>
    new Promise((resolve) => {
      for (const timer of drips) clearInterval(timer);
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return host;
}

/** A comment's author as the hosts show it: the token's own user, or another with an id of its own. */
function authorOf(c: StoredComment, host: FakeHost): FakeUser {
  const login = c.author ?? 'someone';
  if (login === host.self.login) return host.self;
  return { id: 1000 + [...login].reduce((sum, ch) => sum + ch.charCodeAt(0), 0), login };
}

function page(url: URL, all: StoredComment[], size: number): { items: StoredComment[]; next?: number } {
  const n = Number(url.searchParams.get('page') ?? 1);
  const items = all.slice((n - 1) * size, n * size);
  return { items, next: n * size < all.length ? n + 1 : undefined };
}

let nextId = 9000;

/**
 * GitHub: issue comments (`/repos/{owner}/{repo}/issues/{n}/comments`, PATCH
 * `/repos/{owner}/{repo}/issues/comments/{id}`), a Link header with rel="next", and
 * `/repos/{owner}/{repo}/commits/{sha}/pulls`. Pages hold at most `pageSize` comments.
 */
export function fakeGithub(options: { repository: string; pr: number; mergeSha?: string; pageSize?: number; self?: FakeUser }): Promise<FakeHost> {
  const repo = `/repos/${options.repository}`;
  return start((call, url, host, size) => {
    if (url.pathname === '/user' && call.method === 'GET') {
      return host.userToken
        ? { status: 200, body: { login: host.self.login, id: host.self.id, type: 'User' } }
        : { status: 403, body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user' } };
    }
    if (url.pathname === '/graphql' && call.method === 'POST') {
      return { status: 200, body: { data: { viewer: { login: host.self.login, databaseId: host.self.id } } } };
    }
    if (url.pathname === `${repo}/issues/${options.pr}/comments` && call.method === 'GET') {
      const { items, next } = page(url, host.comments, size);
      const headers: Record<string, string> = {};
      if (next !== undefined) {
        const link = new URL(url);
        link.searchParams.set('page', String(next));
        headers.link = `<${link.href}>; rel="next", <${link.href}>; rel="last"`;
      }
      return { status: 200, body: items.map((c) => ({ id: c.id, body: c.body, user: { ...authorOf(c, host), type: 'User' } })), headers };
    }
    if (url.pathname === `${repo}/issues/${options.pr}/comments` && call.method === 'POST') {
      const comment = { id: nextId++, body: (call.body as { body: string }).body, author: host.self.login };
      host.comments.push(comment);
      return { status: 201, body: { id: comment.id, body: comment.body, user: host.self } };
    }
    const edit = new RegExp(`^${repo}/issues/comments/(\\d+)$`).exec(url.pathname);
    if (edit && call.method === 'PATCH') {
      const comment = host.comments.find((c) => c.id === Number(edit[1]));
      if (!comment) return undefined;
      comment.body = (call.body as { body: string }).body;
      return { status: 200, body: { id: comment.id, body: comment.body, user: authorOf(comment, host) } };
    }
    if (options.mergeSha && url.pathname === `${repo}/commits/${options.mergeSha}/pulls` && call.method === 'GET') {
      return { status: 200, body: [{ number: options.pr, state: 'closed', merge_commit_sha: options.mergeSha }] };
    }
    return undefined;
  }, options.pageSize ?? 100, options.self ?? ACTIONS_BOT);
}

/**
 * GitLab: merge request notes (`/api/v4/projects/:id/merge_requests/:iid/notes`, PUT
 * `.../notes/:note_id`), X-Next-Page (empty on the last page) and X-Page headers, and
 * `/projects/:id/repository/commits/:sha/merge_requests`.
 */
export function fakeGitlab(options: { project: string; iid: number; mergeSha?: string; pageSize?: number; self?: FakeUser }): Promise<FakeHost> {
  const base = `/api/v4/projects/${encodeURIComponent(options.project)}`;
  return start((call, url, host, size) => {
    if (url.pathname === '/api/v4/user' && call.method === 'GET') {
      return { status: 200, body: { id: host.self.id, username: host.self.login, bot: true } };
    }
    const notes = `${base}/merge_requests/${options.iid}/notes`;
    if (url.pathname === notes && call.method === 'GET') {
      const { items, next } = page(url, host.comments, size);
      return {
        status: 200,
        body: items.map((c) => {
          const author = authorOf(c, host);
          return { id: c.id, body: c.body, system: c.system ?? false, author: { id: author.id, username: author.login } };
        }),
        headers: { 'x-page': url.searchParams.get('page') ?? '1', 'x-next-page': next === undefined ? '' : String(next), 'x-per-page': String(size) },
      };
    }
    if (url.pathname === notes && call.method === 'POST') {
      const note = { id: nextId++, body: (call.body as { body: string }).body, author: host.self.login };
      host.comments.push(note);
      return { status: 201, body: { id: note.id, body: note.body, author: { id: host.self.id, username: host.self.login } } };
    }
    const edit = new RegExp(`^${notes}/(\\d+)$`).exec(url.pathname);
    if (edit && call.method === 'PUT') {
      const note = host.comments.find((c) => c.id === Number(edit[1]));
      if (!note) return undefined;
      note.body = (call.body as { body: string }).body;
      const author = authorOf(note, host);
      return { status: 200, body: { id: note.id, body: note.body, author: { id: author.id, username: author.login } } };
    }
    if (options.mergeSha && url.pathname === `${base}/repository/commits/${options.mergeSha}/merge_requests` && call.method === 'GET') {
      return { status: 200, body: [{ iid: options.iid, state: 'merged' }] };
    }
    return undefined;
  }, options.pageSize ?? 100, options.self ?? { id: 501, login: 'project_1234_bot_0a1b2c' });
}

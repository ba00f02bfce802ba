/**
 * A fake GitHub and a fake GitLab REST API on loopback (node:http, port 0): just the
 * comment endpoints groupctl uses, with their pagination, recording every call exactly as
 * it arrived. Their own small tables, written from the hosts' docs, not from our client.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
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
}

export interface FakeHost {
  url: string;
  calls: Call[];
  comments: StoredComment[];
  /** Answer every request with this status (e.g. 403), when set. */
  refuse?: number;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

type Route = (call: Call, url: URL, host: FakeHost, size: number) => Answer | undefined;

async function start(route: Route, pageSize: number): Promise<FakeHost> {
  const host: FakeHost = { url: '', calls: [], comments: [], close: async () => undefined };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const call: Call = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: raw === '' ? undefined : JSON.parse(raw) };
      host.calls.push(call);
      const url = new URL(req.url ?? '/', host.url);
      const answer: Answer = host.refuse
        ? { status: host.refuse, body: { message: 'Resource not accessible by integration' } }
        : route(call, url, host, Math.min(pageSize, Number(url.searchParams.get('per_page') ?? 20))) ?? { status: 404, body: { message: 'Not Found' } };
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  host.close = () => new Promise((resolve) => server.close(() => resolve()));
  return host;
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
export function fakeGithub(options: { repository: string; pr: number; mergeSha?: string; pageSize?: number }): Promise<FakeHost> {
  const repo = `/repos/${options.repository}`;
  return start((call, url, host, size) => {
    if (url.pathname === `${repo}/issues/${options.pr}/comments` && call.method === 'GET') {
      const { items, next } = page(url, host.comments, size);
      const headers: Record<string, string> = {};
      if (next !== undefined) {
        const link = new URL(url);
        link.searchParams.set('page', String(next));
        headers.link = `<${link.href}>; rel="next", <${link.href}>; rel="last"`;
      }
      return { status: 200, body: items.map((c) => ({ id: c.id, body: c.body, user: { login: 'someone' } })), headers };
    }
    if (url.pathname === `${repo}/issues/${options.pr}/comments` && call.method === 'POST') {
      const comment = { id: nextId++, body: (call.body as { body: string }).body };
      host.comments.push(comment);
      return { status: 201, body: comment };
    }
    const edit = new RegExp(`^${repo}/issues/comments/(\\d+)$`).exec(url.pathname);
    if (edit && call.method === 'PATCH') {
      const comment = host.comments.find((c) => c.id === Number(edit[1]));
      if (!comment) return undefined;
      comment.body = (call.body as { body: string }).body;
      return { status: 200, body: comment };
    }
    if (options.mergeSha && url.pathname === `${repo}/commits/${options.mergeSha}/pulls` && call.method === 'GET') {
      return { status: 200, body: [{ number: options.pr, state: 'closed', merge_commit_sha: options.mergeSha }] };
    }
    return undefined;
  }, options.pageSize ?? 100);
}

/**
 * GitLab: merge request notes (`/api/v4/projects/:id/merge_requests/:iid/notes`, PUT
 * `.../notes/:note_id`), X-Next-Page (empty on the last page) and X-Page headers, and
 * `/projects/:id/repository/commits/:sha/merge_requests`.
 */
export function fakeGitlab(options: { project: string; iid: number; mergeSha?: string; pageSize?: number }): Promise<FakeHost> {
  const base = `/api/v4/projects/${encodeURIComponent(options.project)}`;
  return start((call, url, host, size) => {
    const notes = `${base}/merge_requests/${options.iid}/notes`;
    if (url.pathname === notes && call.method === 'GET') {
      const { items, next } = page(url, host.comments, size);
      return {
        status: 200,
        body: items.map((c) => ({ id: c.id, body: c.body, system: c.system ?? false, author: { username: 'someone' } })),
        headers: { 'x-page': url.searchParams.get('page') ?? '1', 'x-next-page': next === undefined ? '' : String(next), 'x-per-page': String(size) },
      };
    }
    if (url.pathname === notes && call.method === 'POST') {
      const note = { id: nextId++, body: (call.body as { body: string }).body };
      host.comments.push(note);
      return { status: 201, body: note };
    }
    const edit = new RegExp(`^${notes}/(\\d+)$`).exec(url.pathname);
    if (edit && call.method === 'PUT') {
      const note = host.comments.find((c) => c.id === Number(edit[1]));
      if (!note) return undefined;
      note.body = (call.body as { body: string }).body;
      return { status: 200, body: note };
    }
    if (options.mergeSha && url.pathname === `${base}/repository/commits/${options.mergeSha}/merge_requests` && call.method === 'GET') {
      return { status: 200, body: [{ iid: options.iid, state: 'merged' }] };
    }
    return undefined;
  }, options.pageSize ?? 100);
}

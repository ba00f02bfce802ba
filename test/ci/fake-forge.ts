/**
 * A fake GitHub and a fake GitLab on loopback (node:http, port 0) with several pull / merge
 * requests: the comment endpoints groupctl uses, commit -> request lookup, the token's own
 * user, and GitLab's resource group. Comments are authored by the token's user, as the
 * real hosts do. A small table written from the hosts' docs, not from our client.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Forge {
  url: string;
  /** Comment bodies per request number. */
  comments: Map<number, Array<{ id: number; body: string }>>;
  /** Merge commit SHA -> request number. */
  merges: Map<string, number>;
  close(): Promise<void>;
}

const GITHUB_BOT = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };
const GITLAB_BOT = { id: 77, username: 'project_1_bot', name: 'groupctl' };

interface Answer {
  status: number;
  body: unknown;
}

type Route = (method: string, url: URL, body: { body?: string } | undefined, forge: Forge) => Answer | undefined;

let nextId = 100;

function thread(forge: Forge, n: number): Array<{ id: number; body: string }> {
  let list = forge.comments.get(n);
  if (!list) forge.comments.set(n, (list = []));
  return list;
}

function upsert(forge: Forge, n: number | undefined, method: string, id: string | undefined, body: string, author: object): Answer | undefined {
  if (method === 'POST' && n !== undefined) {
    const comment = { id: nextId++, body };
    thread(forge, n).push(comment);
    return { status: 201, body: { ...comment, user: author, author } };
  }
  for (const list of forge.comments.values()) {
    const comment = list.find((c) => c.id === Number(id));
    if (comment) {
      comment.body = body;
      return { status: 200, body: { ...comment, user: author, author } };
    }
  }
  return undefined;
}

async function start(route: Route): Promise<Forge> {
  const forge: Forge = { url: '', comments: new Map(), merges: new Map(), close: async () => undefined };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', forge.url);
      const answer = route(req.method ?? 'GET', url, raw === '' ? undefined : JSON.parse(raw), forge) ?? { status: 404, body: { message: 'Not Found' } };
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  forge.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  forge.close = () => new Promise((resolve) => server.close(() => resolve()));
  return forge;
}

/** GitHub REST: /user, /repos/R/commits/SHA/pulls, /repos/R/issues/N/comments, /repos/R/issues/comments/ID. */
export function fakeGithub(repository: string): Promise<Forge> {
  const repo = `/repos/${repository}`;
  return start((method, url, body, forge) => {
    const p = url.pathname;
    if (p === '/user' && method === 'GET') return { status: 200, body: GITHUB_BOT };
    const pulls = new RegExp(`^${repo}/commits/([0-9a-f]+)/pulls$`).exec(p);
    if (pulls && method === 'GET') {
      const n = forge.merges.get(pulls[1]!);
      return { status: 200, body: n === undefined ? [] : [{ number: n, state: 'closed', merge_commit_sha: pulls[1] }] };
    }
    const list = new RegExp(`^${repo}/issues/(\\d+)/comments$`).exec(p);
    if (list && method === 'GET') return { status: 200, body: thread(forge, Number(list[1])).map((c) => ({ ...c, user: GITHUB_BOT })) };
    if (list && method === 'POST') return upsert(forge, Number(list[1]), method, undefined, body?.body ?? '', GITHUB_BOT);
    const edit = new RegExp(`^${repo}/issues/comments/(\\d+)$`).exec(p);
    if (edit && method === 'PATCH') return upsert(forge, undefined, method, edit[1], body?.body ?? '', GITHUB_BOT);
    return undefined;
  });
}

/** GitLab REST v4: /user, commits/SHA/merge_requests, merge_requests/IID/notes, resource_groups/KEY. */
export function fakeGitlab(projectId: string, processMode = 'oldest_first'): Promise<Forge> {
  const base = `/api/v4/projects/${encodeURIComponent(projectId)}`;
  return start((method, url, body, forge) => {
    const p = url.pathname;
    if (p === '/api/v4/user' && method === 'GET') return { status: 200, body: GITLAB_BOT };
    if (p === `${base}/resource_groups/groupctl-apply` && method === 'GET') return { status: 200, body: { id: 1, key: 'groupctl-apply', process_mode: processMode } };
    const mrs = new RegExp(`^${base}/repository/commits/([0-9a-f]+)/merge_requests$`).exec(p);
    if (mrs && method === 'GET') {
      const n = forge.merges.get(mrs[1]!);
      return { status: 200, body: n === undefined ? [] : [{ iid: n, state: 'merged', merge_commit_sha: mrs[1] }] };
    }
    const notes = new RegExp(`^${base}/merge_requests/(\\d+)/notes$`).exec(p);
    if (notes && method === 'GET') {
      const list = thread(forge, Number(notes[1])).map((c) => ({ ...c, system: false, author: GITLAB_BOT }));
      return { status: 200, body: list };
    }
    if (notes && method === 'POST') return upsert(forge, Number(notes[1]), method, undefined, body?.body ?? '', GITLAB_BOT);
    const edit = new RegExp(`^${base}/merge_requests/\\d+/notes/(\\d+)$`).exec(p);
    if (edit && method === 'PUT') return upsert(forge, undefined, method, edit[1], body?.body ?? '', GITLAB_BOT);
    return undefined;
  });
}

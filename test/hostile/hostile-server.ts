/**
 * A hostile server: a node:http server on port 0 in front of a real emulator. Every
 * request is forwarded as is, unless the case's `tamper` answers it instead (a lie, a
 * trickle, an endless body, a dropped answer). The emulator behind it is the world whose
 * state a test checks afterwards: nothing may change on a wrong answer.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { StoreData } from '../../src/emulator/store.js';

export interface Request {
  method: string;
  /** Path after the base (`/chatgroups/...`), query included. */
  path: string;
  body: string;
}

export interface Forwarded {
  status: number;
  text: string;
}

export type Reply =
  /** Answer with this instead. */
  | { status: number; body: string; contentType?: string }
  /** Send the status line, then `body` one byte every `everyMs`. */
  | { trickle: string; everyMs: number }
  /** A body that never ends, in chunks as fast as the client reads them, without a length. */
  | { endless: string }
  /** Cut the connection without an answer (after the emulator acted, if forwarded first). */
  | { drop: true };

/** Undefined: pass the emulator's answer on. `forward()` lets a case act on the real answer. */
export type Tamper = (req: Request, forward: () => Promise<Forwarded>) => Promise<Reply | undefined> | Reply | undefined;

export interface HostileServer {
  baseUrl: string;
  emulator: RunningEmulator;
  /** Requests that reached the hostile server, in order. */
  seen: Request[];
  close(): Promise<void>;
}

export const ORG = 'org';
export const APP = 'app';

export async function startHostileServer(options: {
  seed: StoreData;
  token: string;
  tamper: Tamper;
  clientSecret?: string;
  /** The emulator's clock (the server's), e.g. 10 minutes behind. */
  now?: () => number;
  /** The emulator's dialects (src/emulator/dialects.ts). */
  dialects?: string;
}): Promise<HostileServer> {
  const emulator = await startEmulator({
    port: 0,
    org: ORG,
    app: APP,
    token: options.token,
    quiet: true,
    seed: options.seed,
    ...(options.clientSecret !== undefined ? { clientSecret: options.clientSecret } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
    ...(options.dialects !== undefined ? { dialects: options.dialects } : {}),
  });
  const seen: Request[] = [];
  const base = `/${ORG}/${APP}`;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request: Request = { method: req.method ?? '', path: (req.url ?? '').slice(base.length), body: Buffer.concat(chunks).toString() };
      seen.push(request);
      let forwarded: Promise<Forwarded> | undefined;
      const forward = () => (forwarded ??= send(emulator.url + req.url, req, request.body));
      void Promise.resolve(options.tamper(request, forward))
        .then(async (reply) => answer(res, reply ?? (await forward())))
        .catch((error: unknown) => {
          res.statusCode = 599;
          res.end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${base}`,
    emulator,
    seen,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await emulator.close();
    },
  };
}

async function send(url: string, req: IncomingMessage, body: string): Promise<Forwarded> {
  const headers: Record<string, string> = {};
  for (const name of ['authorization', 'content-type']) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const response = await fetch(url, { method: req.method ?? 'GET', headers, ...(body !== '' ? { body } : {}) });
  return { status: response.status, text: await response.text() };
}

function answer(res: ServerResponse, reply: Reply | Forwarded): void {
  if ('drop' in reply) {
    res.socket?.destroy();
    return;
  }
  if ('trickle' in reply) {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(reply.trickle)) });
    let i = 0;
    const timer = setInterval(() => {
      if (res.destroyed || i >= reply.trickle.length) {
        clearInterval(timer);
        if (!res.destroyed) res.end();
        return;
      }
      res.write(reply.trickle[i++]!);
    }, reply.everyMs);
    res.on('close', () => clearInterval(timer));
    return;
  }
  if ('endless' in reply) {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.from(reply.endless.repeat(Math.ceil(65_536 / reply.endless.length)));
    const pump = (): void => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump);
    };
    res.on('error', () => undefined);
    pump();
    return;
  }
  const body = 'text' in reply ? reply.text : reply.body;
  const type = 'contentType' in reply && reply.contentType ? reply.contentType : 'application/json';
  res.writeHead(reply.status, { 'content-type': type });
  res.end(body);
}

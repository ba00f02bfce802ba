/** Reading requests and writing answers on node:http, as the service's wire has them. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Reply } from './envelope.js';

/** Assumption: the service refuses bodies over 1 MB. */
const MAX_BODY_BYTES = 1 << 20;

/** The whole body, or undefined when it is larger than the service would take. */
export async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** A JSON body: `value` when it parses (undefined when empty), `bad` when it does not. */
export function parseJson(raw: Buffer): { value?: unknown; bad: boolean } {
  if (raw.length === 0) return { bad: false };
  try {
    return { value: JSON.parse(raw.toString('utf8')), bad: false };
  } catch {
    return { bad: true };
  }
}

/** Path segments, percent-decoded; undefined for a malformed escape. */
export function pathSegments(pathname: string): string[] | undefined {
  try {
    return pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

/** A string body is an edge page (text/html); anything else goes out as JSON. */
export function writeReply(res: ServerResponse, reply: Reply, headers: Record<string, string> = {}): void {
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  const type = typeof reply.body === 'string' ? 'text/html' : 'application/json;charset=UTF-8';
  res.writeHead(reply.status, { 'content-type': type, 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

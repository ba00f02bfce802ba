/**
 * How much of a server's answer is read, and for how long: an overall deadline per
 * attempt (undici's body timeout only bounds the silence between two chunks, so a body
 * trickled a byte every few seconds would never end) and a cap on the answer's size,
 * past which reading stops and the connection is dropped.
 */
import type { Dispatcher } from 'undici';

type BodyReadable = Dispatcher.ResponseData['body'];

/** Our own code for an attempt stopped by its overall deadline. */
export const DEADLINE = 'GROUPCTL_DEADLINE';
/**
 * The largest real answer is a details call of 100 groups listing up to 10,000 members
 * each (FACTS.md): about 25 MB with ordinary user ids. Twice that leaves room; hundreds of
 * MB is a broken or hostile server, and reading it whole costs gigabytes of memory.
 */
export const DEFAULT_MAX_ANSWER_BYTES = 64 * 1024 * 1024;
/** Far more than any real answer needs, yet a trickled body ends within it. */
export const DEFAULT_DEADLINE_MS = 120_000;

export class DeadlineError extends Error {
  override readonly name = 'DeadlineError';
  readonly code = DEADLINE;
  constructor(ms: number) {
    super(`no complete answer within ${ms} ms`);
  }
}

/**
 * The body as text, or undefined once it grows past `max` bytes: reading stops there and
 * the connection is dropped, so memory stays bounded by the cap whatever the server sends.
 */
export async function readCapped(body: BodyReadable, contentLength: string | undefined, max: number): Promise<string | undefined> {
  if (contentLength !== undefined && Number(contentLength) > max) {
    body.destroy();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${bytes} bytes`;
}

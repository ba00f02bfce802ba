/**
 * The comment module's one HTTP call: JSON in, JSON out, over undici. It is kept apart from
 * the group API client (src/api/): another service, another token, none of that client's
 * rate limiting or retries (a comment is one or two calls, and a failed one is reported).
 */
import { Agent, request } from 'undici';
import { redact } from '../api/redact.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';

export interface JsonResponse {
  status: number;
  headers: Record<string, string>;
  json: unknown;
}

/** A code-hosting API answered with an error status, or not at all (status 0). */
export class CommentApiError extends Error {
  override readonly name = 'CommentApiError';
  constructor(
    message: string,
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface HttpClient {
  send(method: Method, url: string, body?: unknown): Promise<JsonResponse>;
  close(): Promise<void>;
}

const TIMEOUT_MS = 30_000;
/** Longest API answer quoted in an error. */
const QUOTE = 300;

/**
 * A client that sends `headers` (the credential among them) with every call. `secret` is
 * masked out of every error it builds: the token is never printed.
 */
export function createHttpClient(headers: Record<string, string>, secret: string): HttpClient {
  const agent = new Agent({ headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });
  const mask = (text: string): string => redact(text, [secret]);
  return {
    async send(method, url, body) {
      let answer;
      try {
        answer = await request(url, {
          method,
          dispatcher: agent,
          headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (e) {
        throw new CommentApiError(mask(`${method} ${url}: no answer (${(e as Error).message})`), 0, { cause: e });
      }
      const text = await answer.body.text();
      const flat: Record<string, string> = {};
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      if (answer.statusCode >= 400) {
        throw new CommentApiError(mask(`${method} ${url} answered ${answer.statusCode}: ${quote(text)}`), answer.statusCode);
      }
      let json: unknown = null;
      if (text.trim() !== '') {
        try {
          json = JSON.parse(text);
        } catch {
          throw new CommentApiError(mask(`${method} ${url} answered ${answer.statusCode} with something that is not JSON: ${quote(text)}`), answer.statusCode);
        }
      }
      return { status: answer.statusCode, headers: flat, json };
    },
    close: () => agent.close(),
  };
}

function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > QUOTE ? `${flat.slice(0, QUOTE)}…` : flat || '(empty body)';
}

/** The rel="next" URL of an RFC 8288 Link header, as GitHub and GitLab send it. */
export function nextLink(link: string | undefined): string | undefined {
  for (const part of (link ?? '').split(',')) {
    const match = /<([^>]+)>\s*;(.*)/.exec(part.trim());
    if (match && /\brel="?([^";]*\s)?next(\s[^";]*)?"?/.test(match[2]!)) return match[1];
  }
  return undefined;
}

/** Plain http only to this machine: a token must not cross a network in clear text. */
export function checkApiUrl(raw: string, variable: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CommentApiError(`${variable} is not a URL: "${raw}"`, 0);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new CommentApiError(`${variable} must be an https:// URL (plain http only to 127.0.0.1), got "${raw}"`, 0);
  }
  return url;
}

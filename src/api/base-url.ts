/**
 * The API base URL in either style: `https://HOST/ORG/APP` (Easemob) or
 * `https://HOST/app-id/APPID` (Agora). Every group call hangs off it (FACTS.md, Base URL).
 */
import { isIP } from 'node:net';

export interface BaseUrl {
  /** `https://host[:port]`, no trailing slash. */
  origin: string;
  /** `/ORG/APP` or `/app-id/APPID`, no trailing slash. */
  basePath: string;
  style: 'easemob' | 'agora';
  org?: string;
  app?: string;
  appId?: string;
}

export class BaseUrlError extends Error {
  override readonly name = 'BaseUrlError';
}

const SHAPES = 'expected https://HOST/ORG/APP or https://HOST/app-id/APPID';

export function parseBaseUrl(text: string, options: { insecure?: boolean } = {}): BaseUrl {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch (cause) {
    throw new BaseUrlError(`base URL "${stripCredentials(text)}" is not a URL: ${SHAPES}`, { cause });
  }
  const shown = `${url.protocol}//${url.host}${url.pathname}`;
  if (url.username || url.password) {
    throw new BaseUrlError(`base URL ${shown} must not carry credentials; use GROUPCTL_TOKEN or client credentials`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new BaseUrlError(`base URL ${shown}: unsupported scheme ${url.protocol} (${SHAPES})`);
  }
  if (url.search || url.hash) {
    throw new BaseUrlError(`base URL ${shown} must not have a query or fragment (${SHAPES})`);
  }
  if (url.protocol === 'http:' && !options.insecure && !isLoopback(url.hostname)) {
    throw new BaseUrlError(
      `base URL ${shown} uses plain http to a non-local host: use https, or pass --insecure if you really mean it`,
    );
  }
  const path = url.pathname.replace(/^\//, '').replace(/\/$/, '');
  const segments = path === '' ? [] : path.split('/');
  if (segments.some((s) => s === '')) {
    throw new BaseUrlError(`base URL ${shown} has an empty path segment (${SHAPES})`);
  }
  if (segments.length !== 2) {
    throw new BaseUrlError(`base URL ${shown} has ${segments.length} path segment(s): ${SHAPES}`);
  }
  const [first, second] = segments.map((s) => decodeURIComponent(s)) as [string, string];
  const origin = `${url.protocol}//${url.host}`;
  const basePath = `/${segments[0]}/${segments[1]}`;
  if (first === 'app-id') return { origin, basePath, style: 'agora', appId: second };
  return { origin, basePath, style: 'easemob', org: first, app: second };
}

/** 127.0.0.0/8, localhost and ::1. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(host);
  return false;
}

function stripCredentials(text: string): string {
  return text.replace(/\/\/[^/@]*@/, '//');
}

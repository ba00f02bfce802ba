/**
 * Where the Bearer token comes from (CONTRACT.md, Connection; FACTS.md, Tokens).
 * Asking Easemob for tokens too often can get an account banned, so a token is cached,
 * refreshed only near expiry, fetched by one request however many calls wait for it,
 * and a 401 refreshes it at most once.
 */
import { createRequire } from 'node:module';
import type { TokenRequest, TokenResponse } from './wire.js';

export interface TokenProvider {
  /** A token good to use now. */
  token(): Promise<string>;
  /**
   * A token to use after `stale` got a 401. Returns `stale` itself when there is nothing
   * better (a fixed token, or one fetched moments ago): the caller then gives up.
   */
  refresh(stale: string): Promise<string>;
}

/** GROUPCTL_TOKEN: used as given, never refreshed. */
export class StaticToken implements TokenProvider {
  constructor(private readonly value: string) {}
  async token(): Promise<string> {
    return this.value;
  }
  async refresh(_stale: string): Promise<string> {
    return this.value;
  }
}

/** Seconds of life left at which a token counts as near expiry. */
export function refreshMargin(ttlSeconds: number): number {
  return Math.min(Math.max(ttlSeconds * 0.1, 300), ttlSeconds / 2);
}

interface Cached {
  value: string;
  /** Wall-clock ms. */
  obtainedAt: number;
  expiresAt: number;
  refreshAt: number;
}

function cacheEntry(value: string, ttlSeconds: number, now: number): Cached {
  return {
    value,
    obtainedAt: now,
    expiresAt: now + ttlSeconds * 1000,
    refreshAt: now + (ttlSeconds - refreshMargin(ttlSeconds)) * 1000,
  };
}

export interface EasemobCredentialsOptions {
  clientId: string;
  clientSecret: string;
  /** POST {base}/token without a Bearer; goes through the shared limiter (connect.ts wires it). */
  fetchToken: (request: TokenRequest) => Promise<TokenResponse>;
  /** Asked-for lifetime in seconds; the server's default when left out. */
  ttlSeconds?: number;
  /** A token younger than this is not replaced on a 401: the 401 is about something else. */
  minRefreshIntervalMs?: number;
  /** Wall clock, ms. */
  now?: () => number;
}

/** When the server gives no usable `expires_in`, assume this and fetch again after it. */
const FALLBACK_TTL_SECONDS = 3600;

export class EasemobCredentials implements TokenProvider {
  private cached: Cached | undefined;
  private inflight: Promise<string> | undefined;
  private readonly now: () => number;
  /** How many token requests were made (tests and stats). */
  fetches = 0;

  constructor(private readonly options: EasemobCredentialsOptions) {
    this.now = options.now ?? Date.now;
  }

  async token(): Promise<string> {
    const cached = this.cached;
    if (cached && this.now() < cached.refreshAt) return cached.value;
    return this.fetch();
  }

  async refresh(stale: string): Promise<string> {
    const cached = this.cached;
    if (this.inflight) return this.inflight;
    if (cached && cached.value !== stale) return cached.value;
    if (cached && this.now() - cached.obtainedAt < (this.options.minRefreshIntervalMs ?? 30_000)) return cached.value;
    return this.fetch();
  }

  private fetch(): Promise<string> {
    this.inflight ??= this.request().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async request(): Promise<string> {
    this.fetches++;
    const body: TokenRequest = {
      grant_type: 'client_credentials',
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
      ...(this.options.ttlSeconds !== undefined ? { ttl: this.options.ttlSeconds } : {}),
    };
    const answer = await this.options.fetchToken(body);
    if (typeof answer?.access_token !== 'string' || answer.access_token === '') {
      throw new Error('the token endpoint answered without an access_token');
    }
    const ttl = Number(answer.expires_in);
    this.cached = cacheEntry(answer.access_token, Number.isFinite(ttl) && ttl > 0 ? ttl : FALLBACK_TTL_SECONDS, this.now());
    return answer.access_token;
  }
}

export interface AgoraAppTokenOptions {
  appId: string;
  appCertificate: string;
  /** Lifetime of each built token; at most 24 h (FACTS.md), which is the default. */
  expireSeconds?: number;
  now?: () => number;
  /** The builder; `ChatTokenBuilder.buildAppToken` unless a test swaps it. */
  build?: (appId: string, appCertificate: string, expireSeconds: number) => string;
}

export const AGORA_MAX_EXPIRE_SECONDS = 24 * 3600;

/** Builds the Agora app token locally; nothing goes over the network. */
export class AgoraAppToken implements TokenProvider {
  private cached: Cached | undefined;
  private readonly now: () => number;
  private readonly expire: number;
  builds = 0;

  constructor(private readonly options: AgoraAppTokenOptions) {
    this.now = options.now ?? Date.now;
    this.expire = Math.min(Math.max(60, options.expireSeconds ?? AGORA_MAX_EXPIRE_SECONDS), AGORA_MAX_EXPIRE_SECONDS);
  }

  async token(): Promise<string> {
    const cached = this.cached;
    if (cached && this.now() < cached.refreshAt) return cached.value;
    return this.rebuild();
  }

  async refresh(stale: string): Promise<string> {
    const cached = this.cached;
    if (cached && cached.value !== stale) return cached.value;
    return this.rebuild();
  }

  private rebuild(): string {
    // Loaded only by runs that build Agora tokens.
    const build = this.options.build ?? (createRequire(import.meta.url)('agora-token') as typeof import('agora-token')).ChatTokenBuilder.buildAppToken;
    this.builds++;
    const value = build(this.options.appId, this.options.appCertificate, this.expire);
    this.cached = cacheEntry(value, this.expire, this.now());
    return value;
  }
}

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
/**
 * `expires_in` is seconds by the docs, but they mention a cluster that answers
 * milliseconds. Above this it cannot be seconds (over 3 years; the docs' tokens live days
 * to weeks), so it is read as milliseconds. Below it the two readings overlap (an hour in
 * ms is 41 days in s); taking seconds there is safe too: a token that dies early answers
 * 401, which fetches a fresh one once.
 */
const MAX_PLAUSIBLE_SECONDS = 100_000_000;

/** Seconds of life from the token answer's `expires_in`, by the rule above. */
export function ttlSecondsOf(expiresIn: unknown): number {
  const value = typeof expiresIn === 'string' && expiresIn.trim() !== '' ? Number(expiresIn) : expiresIn;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return FALLBACK_TTL_SECONDS;
  return value > MAX_PLAUSIBLE_SECONDS ? value / 1000 : value;
}

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
    this.cached = cacheEntry(answer.access_token, ttlSecondsOf(answer.expires_in), this.now());
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
  /**
   * `POST {base}/token {"grant_type":"agora"}` with the built token as Bearer: the Java 1.x
   * SDK's way, for a server that refuses the built token itself (FACTS.md, Agora auth).
   */
  exchange?: (agoraToken: string) => Promise<TokenResponse>;
}

export const AGORA_MAX_EXPIRE_SECONDS = 24 * 3600;

/**
 * Builds the Agora app token locally and sends it as the Bearer (Java 2.0). Where the
 * server refuses it (401), the built token is exchanged once for a server-issued one
 * (Java 1.x), and from then on the run uses exchanged tokens, cached until near expiry.
 * Both readings work without configuration; the cost of the second is one refused call.
 */
export class AgoraAppToken implements TokenProvider {
  private cached: Cached | undefined;
  private readonly now: () => number;
  private readonly expire: number;
  private mode: 'direct' | 'exchange' = 'direct';
  private inflight: Promise<string> | undefined;
  builds = 0;
  exchanges = 0;

  constructor(private readonly options: AgoraAppTokenOptions) {
    this.now = options.now ?? Date.now;
    this.expire = Math.min(Math.max(60, options.expireSeconds ?? AGORA_MAX_EXPIRE_SECONDS), AGORA_MAX_EXPIRE_SECONDS);
  }

  async token(): Promise<string> {
    const cached = this.cached;
    if (cached && this.now() < cached.refreshAt) return cached.value;
    return this.mode === 'direct' ? this.rebuild() : this.exchangeOnce();
  }

  async refresh(stale: string): Promise<string> {
    if (this.inflight) return this.inflight;
    const cached = this.cached;
    if (cached && cached.value !== stale) return cached.value;
    if (this.mode === 'direct' && this.options.exchange) {
      // The built token was refused: this server wants it exchanged first.
      try {
        const exchanged = await this.exchangeOnce();
        this.mode = 'exchange';
        return exchanged;
      } catch {
        // No exchange either: the caller reports the original 401.
        return stale;
      }
    }
    return this.mode === 'direct' ? this.rebuild() : this.exchangeOnce();
  }

  private exchangeOnce(): Promise<string> {
    this.inflight ??= this.exchange().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async exchange(): Promise<string> {
    const built = this.build();
    this.exchanges++;
    const answer = await this.options.exchange!(built);
    if (typeof answer?.access_token !== 'string' || answer.access_token === '') {
      throw new Error('the token exchange answered without an access_token');
    }
    this.cached = cacheEntry(answer.access_token, Math.min(this.exchangedTtl(answer), this.expire), this.now());
    return answer.access_token;
  }

  /**
   * The exchange answers `expire_timestamp` (epoch ms, by the server's clock; Java 1.x)
   * rather than `expires_in`. A skewed clock only moves the refresh: a token that dies
   * early gets one 401 and one fresh exchange. Nonsense falls back to expires_in's rule.
   */
  private exchangedTtl(answer: TokenResponse): number {
    const at = Number(answer.expire_timestamp);
    const left = (at - this.now()) / 1000;
    return Number.isFinite(left) && left >= 60 ? left : ttlSecondsOf(answer.expires_in);
  }

  private rebuild(): string {
    const value = this.build();
    this.cached = cacheEntry(value, this.expire, this.now());
    return value;
  }

  private build(): string {
    // Loaded only by runs that build Agora tokens.
    const build = this.options.build ?? (createRequire(import.meta.url)('agora-token') as typeof import('agora-token')).ChatTokenBuilder.buildAppToken;
    this.builds++;
    return build(this.options.appId, this.options.appCertificate, this.expire);
  }
}

/**
 * App tokens the emulator issues from `POST /token`. A token carries its own expiry and
 * an HMAC keyed by the client secret, so no token table is kept and a restarted
 * emulator still accepts the tokens it gave out before.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** `corrupt`: shaped like an issued token but not one (FACTS.md "wordings": 401 "... corrupt access token"). */
export type TokenCheck = 'ok' | 'invalid' | 'corrupt' | 'expired';

export class TokenIssuer {
  constructor(
    private readonly key: string,
    private readonly now: () => number,
  ) {}

  /** Looks like an Easemob app token (they start with "YWMt"). */
  issue(ttlSeconds: number): string {
    const payload = Buffer.from(JSON.stringify({ e: this.now() + ttlSeconds * 1000, n: randomBytes(6).toString('hex') })).toString('base64url');
    return `YWMt${payload}.${this.sign(payload)}`;
  }

  check(token: string): TokenCheck {
    if (!token.startsWith('YWMt')) return 'invalid';
    const match = /^YWMt([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
    if (match === null) return 'corrupt';
    const [, payload, signature] = match as unknown as [string, string, string];
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'corrupt';
    const { e } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { e: number };
    return e > this.now() ? 'ok' : 'expired';
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}

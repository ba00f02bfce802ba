/**
 * Who may call: the fixed token, tokens issued by `POST /token`, and (with an App
 * Certificate) Agora app tokens, sent directly or, under `agora-exchange`, only
 * exchanged first.
 */
import type { IncomingMessage } from 'node:http';
import { checkAgoraToken } from './agora-tokens.js';
import type { Readings } from './dialects.js';
import type { TokenCheck, TokenIssuer } from './tokens.js';

export interface AuthOptions {
  fixedToken: string;
  tokens: TokenIssuer;
  appId: string;
  appCertificate?: string;
  readings: Readings;
  now: () => number;
}

export interface Auth {
  /** The Bearer token of a request, if it has one. */
  bearerOf(req: IncomingMessage): string | undefined;
  /** undefined when the request may call; otherwise the 401's words. */
  refusal(req: IncomingMessage): string | undefined;
  /** Checks an Agora app token; undefined without an App Certificate. */
  checkAgora?: (token: string) => TokenCheck;
}

export function makeAuth(options: AuthOptions): Auth {
  const { fixedToken, tokens, appId, appCertificate, readings, now } = options;
  const checkAgora = appCertificate === undefined ? undefined : (token: string) => checkAgoraToken(token, appId, appCertificate, now());
  const bearerOf = (req: IncomingMessage) => /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  const refusal = (req: IncomingMessage): string | undefined => {
    const bearer = bearerOf(req);
    if (bearer === undefined) return 'Unable to authenticate (OAuth)';
    if (bearer === fixedToken) return undefined;
    // Under agora-exchange an Agora token is only good for POST /token, so it fails here as any stranger's would.
    const check = checkAgora !== undefined && bearer.startsWith('007') && readings.agoraAuth === 'direct' ? checkAgora(bearer) : tokens.check(bearer);
    if (check === 'ok') return undefined;
    if (check === 'invalid') return 'Unable to authenticate (OAuth)';
    return `Unable to authenticate due to ${check} access token`;
  };
  return { bearerOf, refusal, ...(checkAgora !== undefined ? { checkAgora } : {}) };
}

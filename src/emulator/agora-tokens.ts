/**
 * Agora app tokens (Token007, built locally by clients from the App ID and App
 * Certificate): the emulator accepts one when it parses, is signed with the configured
 * certificate for the configured App ID, grants the chat "app" privilege, and has not
 * expired. Parsing and the signature check are agora-token's own code.
 */
import { createRequire } from 'node:module';
import type { TokenCheck } from './tokens.js';

interface ParsedToken {
  /** A Buffer once parsed. */
  appId: string | Uint8Array;
  issueTs: number;
  expire: number;
  from_string(token: string): boolean;
  verifySignature(certificate: string): boolean;
  getServices(type: number): Array<{ __privileges: Record<number, number> }>;
}

interface TokenParts {
  AccessToken2: new () => ParsedToken;
  kChatServiceType: number;
  ServiceChat: { kPrivilegeApp: number };
}

const require = createRequire(import.meta.url);
let parts: TokenParts | undefined;

export function checkAgoraToken(token: string, appId: string, certificate: string, nowMs: number): TokenCheck {
  if (!token.startsWith('007')) return 'invalid';
  // Required on the first Agora token, not when the emulator loads: a sandbox run never sees one (13 ms, issue 23).
  const { AccessToken2, kChatServiceType, ServiceChat } = (parts ??= require('agora-token/src/AccessToken2.js') as TokenParts);
  const parsed = new AccessToken2();
  if (!parsed.from_string(token) || String(parsed.appId) !== appId || !parsed.verifySignature(certificate)) return 'invalid';
  const chat = parsed.getServices(kChatServiceType)[0];
  const privilegeExpire = chat?.__privileges[ServiceChat.kPrivilegeApp];
  if (privilegeExpire === undefined) return 'invalid';
  const expiresAt = (parsed.issueTs + Math.min(parsed.expire, privilegeExpire)) * 1000;
  return expiresAt > nowMs ? 'ok' : 'expired';
}

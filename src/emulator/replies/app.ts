/** App-level calls: `POST /token` (client credentials, or the Agora exchange) and `POST /users`. */
import { expiresIn } from '../dialect-wire.js';
import type { Reply } from '../envelope.js';
import { StoreError } from '../store-error.js';
import { invalid } from '../wire-settings.js';
import { isObject, ok, type RouteDeps } from './common.js';

/** Assumption: Easemob's default token lifetime, 60 days, when neither the option nor `ttl` says otherwise. */
export const DEFAULT_TOKEN_TTL_SECONDS = 60 * 24 * 3600;

/**
 * Assumption: bad client credentials answer 400 invalid_grant (not 401, so that a
 * client's "refresh the token once on 401" never loops on the token call itself).
 * `ttl` in seconds is honoured when it is a positive integer.
 */
export function tokenReply(deps: RouteDeps, body: unknown): Reply {
  const input = isObject(body) ? body : {};
  if (input['grant_type'] === 'agora' && deps.readings.agoraAuth === 'exchange') return exchangeAgoraToken(deps);
  const { clientId, clientSecret, tokenTtlSeconds } = deps.credentials;
  if (input['grant_type'] !== 'client_credentials') {
    throw new StoreError(400, 'unsupported_grant_type', 'grant_type must be client_credentials');
  }
  if (input['client_id'] !== clientId || input['client_secret'] !== clientSecret) {
    throw new StoreError(400, 'invalid_grant', 'client_id or client_secret is not valid');
  }
  const ttl = input['ttl'];
  const seconds = typeof ttl === 'number' && Number.isInteger(ttl) && ttl > 0 ? ttl : tokenTtlSeconds;
  return {
    status: 200,
    body: { access_token: deps.tokens.issue(seconds), expires_in: expiresIn(deps.readings, seconds), application: deps.app.application },
  };
}

/**
 * Java SDK 1.x: `POST {base}/token {"grant_type":"agora"}` with the Agora app token as
 * the Bearer answers an Easemob token and its expiry as epoch milliseconds
 * (`expire_timestamp`), and nothing else. The token lives as long as the default ttl.
 */
function exchangeAgoraToken(deps: RouteDeps): Reply {
  const check = deps.bearer === undefined || deps.checkAgora === undefined ? 'invalid' : deps.checkAgora(deps.bearer);
  if (check !== 'ok') {
    throw new StoreError(401, 'unauthorized', check === 'expired' ? 'Unable to authenticate due to expired access token' : 'Unable to authenticate (OAuth)');
  }
  const seconds = deps.credentials.tokenTtlSeconds;
  return { status: 200, body: { access_token: deps.tokens.issue(seconds), expire_timestamp: deps.now() + seconds * 1000 } };
}

export function registerUsers(deps: RouteDeps, body: unknown): Reply {
  const list = Array.isArray(body) ? body : isObject(body) ? [body] : undefined;
  if (list === undefined || !list.every(isObject)) throw invalid('request body must be a user or an array of users');
  const users = list.map((u) => ({ username: u['username'] as string, ...(typeof u['password'] === 'string' ? { password: u['password'] } : {}) }));
  const created = deps.mutate('registerUsers', users);
  return ok(deps, {
    path: '/users',
    entities: created.map((u) => ({ uuid: u.uuid, type: 'user', created: u.created, modified: u.created, username: u.username, activated: true })),
    data: [],
  });
}

/** FACTS.md "Users": `GET /users/{username}` answers one entity and `count: 1`; an unknown user is a 404. */
export function getUser(deps: RouteDeps, username: string): Reply {
  const user = deps.store.getUser(username);
  return ok(deps, {
    path: '/users',
    entities: [{ uuid: user.uuid, type: 'user', created: user.created, modified: user.created, username: user.username, activated: true }],
    count: 1,
  });
}

/**
 * An ApiError's kind, decided once from status, code and words (api/error-kind.ts), and
 * the retry verdict it carries: both survive the mapping to a ServiceError, so apply's
 * report and the CLI's last words tell the same thing.
 */
import { describe, expect, it } from 'vitest';
import { errorKindOf, type ApiErrorKind } from '../../src/api/error-kind.js';
import { ApiError } from '../../src/api/errors.js';
import { ServiceError } from '../../src/api/service-error.js';

const CALL = { kind: 'test', method: 'GET', path: '/chatgroups' };

describe('errorKindOf', () => {
  it.each<[string, number, string, string, ApiErrorKind]>([
    ['a refused token', 401, 'unauthorized', 'Unable to authenticate (OAuth)', 'credentials'],
    ['bad client credentials, which the token endpoint answers 400', 400, 'invalid_grant', 'client_id or client_secret is not valid', 'credentials'],
    ['a 429', 429, 'reach_limit', 'This request has reached api limit', 'rate-limit'],
    ['the groups-per-app quota', 403, 'exceed_limit', 'appKey:demo#demo has create too many groups!', 'quota'],
    ['the groups-per-user quota', 403, 'exceed_limit', 'user bob has joined too many groups!', 'quota'],
    ['a full group, which is exceed_limit in other words', 403, 'exceed_limit', 'members size is greater than max user size !', 'refused'],
    ['a disabled group', 403, 'forbidden_op', 'can not operate this group, reason: group is disabled', 'group-disabled'],
    ['a missing group', 404, 'service_resource_not_found', 'do not find this group:1', 'not-found'],
    ['another 4xx', 409, 'conflict', 'x', 'refused'],
    ['a 200 that says not done', 200, 'not_done', 'the group is still disabled', 'refused'],
    ['a 200 in a shape we cannot read', 200, 'bad_response', 'answer is not JSON', 'bad-answer'],
    ['a redirect', 302, 'http_302', 'HTTP 302', 'bad-answer'],
    ['a 503', 503, 'service_unavailable', 'try later', 'server'],
    ['a failed connection', 0, 'network', 'connection failed (ECONNREFUSED)', 'unreachable'],
    ['a timeout', 0, 'timeout', 'timed out', 'timeout'],
  ])('%s', (_, status, code, description, kind) => {
    expect(errorKindOf(status, code, description)).toBe(kind);
    expect(new ApiError(status, code, description, CALL).kind).toBe(kind);
  });
});

describe('the retry verdict', () => {
  it('ends the message and the answer, and a ServiceError keeps it and the kind', () => {
    const stoppedRetrying = 'gave up after 1 attempt: the server asks to wait 3600 s, more than the 60 s groupctl waits';
    const error = new ApiError(429, 'reach_limit', 'slow down', CALL, { stoppedRetrying });
    expect(error.message).toBe(`GET /chatgroups: 429 reach_limit: slow down; ${stoppedRetrying}`);
    expect(error.description).toBe('slow down');
    const mapped = ServiceError.from(error);
    expect(mapped).toMatchObject({ message: error.message, kind: 'rate-limit', stoppedRetrying });
    expect(mapped.answer).toBe(`429 reach_limit: slow down; ${stoppedRetrying}`);
  });
});

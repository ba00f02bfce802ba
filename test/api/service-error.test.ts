/** How a failed call is read for the engine: what happened, decided once on the API side. */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/errors.js';
import { serviceCall, ServiceError, servicePages } from '../../src/api/service-error.js';

const CALL = { kind: 'test', method: 'POST', path: '/chatgroups' };
const failure = (status: number, code: string, description: string, ambiguous = false) =>
  new ApiError(status, code, description, CALL, { ambiguous, attempts: 3 });

describe('reading a failed call', () => {
  it.each<[string, ApiError, string, string | undefined]>([
    ['a 403 is a refusal', failure(403, 'forbidden_op', 'user: bob is not a member'), 'refused', undefined],
    ['a 404 is a refusal of something that does not exist', failure(404, 'service_resource_not_found', 'no group'), 'refused', 'not-found'],
    ['a disabled group refuses in words', failure(403, 'forbidden_op', 'group 123 is disabled'), 'refused', 'group-disabled'],
    ['a 200 that says not done is a refusal', failure(200, 'not_done', 'the server did not dismiss the group'), 'refused', undefined],
    ['a 429 after the retries changed nothing', failure(429, 'too_many_requests', 'slow down'), 'refused', undefined],
    ['no answer to a create is ambiguous', failure(0, 'network', 'socket hang up', true), 'ambiguous', undefined],
    ['a 500 to a create is ambiguous', failure(500, 'internal_error', 'oops', true), 'ambiguous', undefined],
    ['a 503 after the retries is transient', failure(503, 'service_unavailable', 'try later'), 'transient', undefined],
    ['no answer to a read is transient', failure(0, 'timeout', 'no answer in 30 s'), 'transient', undefined],
    ['an answer of an unknown shape is malformed', failure(200, 'bad_response', 'answer is not JSON'), 'malformed', undefined],
  ])('%s', (_, error, reason, refusal) => {
    const mapped = ServiceError.from(error);
    expect([mapped.reason, mapped.refusal]).toEqual([reason, refusal]);
  });

  it('keeps everything the ApiError said, so the CLI and library users see the same error', () => {
    const error = failure(403, 'forbidden_op', 'user: bob is not a member');
    const mapped = ServiceError.from(error);
    expect(mapped).toBeInstanceOf(ApiError);
    expect(mapped).toMatchObject({ name: 'ApiError', message: error.message, status: 403, code: 'forbidden_op', call: CALL, attempts: 3, ambiguous: false });
    expect(mapped.answer).toBe('403 forbidden_op: user: bob is not a member');
    expect(ServiceError.from(failure(0, 'network', 'reset')).answer).toBe('no response network: reset');
  });

  it('maps the ApiError of a call and of a paged read, and lets any other error through', async () => {
    const refused = await serviceCall(async () => Promise.reject(failure(404, 'service_resource_not_found', 'no user')))().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ServiceError);
    expect((refused as ServiceError).refusal).toBe('not-found');
    const bug = new TypeError('x is undefined');
    expect(await serviceCall(async () => Promise.reject(bug))().catch((e: unknown) => e)).toBe(bug);

    async function* pages() {
      yield 1;
      throw failure(503, 'service_unavailable', 'try later');
    }
    const seen: number[] = [];
    const paged = await (async () => {
      for await (const n of servicePages(pages())) seen.push(n);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([1]);
    expect((paged as ServiceError).reason).toBe('transient');
  });
});

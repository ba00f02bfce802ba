/**
 * The edition quotas (issue 21, FACTS.md "wordings"): a 403 exceed_limit saying "create too
 * many groups" or "joined too many groups" is explained in words, with what to check.
 */
import { describe, expect, it } from 'vitest';
import { json } from './script-server.js';
import { failure, getGroups, useTransports } from './transport-harness.js';

const setup = useTransports({ concurrency: 1 });

describe('a 403 edition quota answer', () => {
  it.each([
    ['appKey:org#app has create too many groups!', 'quota of groups per app'],
    ['user bob has joined too many groups!', 'quota of groups per user'],
  ])('%s is explained', async (description, meaning) => {
    const { transport } = await setup((_req, res) => json(res, 403, { error: 'exceed_limit', error_description: description }));
    const error = await failure(transport.request(getGroups));
    expect(error.message).toContain(meaning);
    expect(error.message).toContain("check the app's edition quota");
    expect(error.message).toContain(description);
  });

  it('the full-group exceed_limit is a full group, not a quota', async () => {
    const { transport } = await setup((_req, res) => json(res, 403, { error: 'exceed_limit', error_description: 'members size is greater than max user size !' }));
    const error = await failure(transport.request(getGroups));
    expect(error.message).not.toContain('quota');
    expect(error.message).toContain('more members than its max_users allows');
  });

  it('an exceed_limit we do not know keeps the server words alone', async () => {
    const { transport } = await setup((_req, res) => json(res, 403, { error: 'exceed_limit', error_description: 'something else is over a limit' }));
    const error = await failure(transport.request(getGroups));
    expect(error.message).toMatch(/403 exceed_limit: something else is over a limit$/);
  });
});

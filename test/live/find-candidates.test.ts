import { describe, expect, it } from 'vitest';
import { ServiceError, type GroupService, type GroupSummary } from '../../src/api/service.js';
import { findCandidates, searchAhead } from '../../src/live/find-candidates.js';

/** A group list of `rows`, `pageSize` a page; counts passes and pages, and can fail on a page. */
class FakeList {
  passes = 0;
  pages = 0;
  constructor(private readonly rows: GroupSummary[], private readonly pageSize = 2, private readonly failOnPage?: number) {}

  asService(): GroupService {
    return { listGroups: () => this.list() } as unknown as GroupService;
  }

  private async *list(): AsyncIterable<GroupSummary> {
    this.passes++;
    for (let i = 0, page = 1; i < this.rows.length; i += this.pageSize, page++) {
      this.pages++;
      await Promise.resolve();
      if (page === this.failOnPage) throw new ServiceError(503, 'service_unavailable', 'try later', { kind: 'list-groups', method: 'GET', path: '/chatgroups' });
      yield* this.rows.slice(i, i + this.pageSize);
    }
  }
}

const rows: GroupSummary[] = [
  { id: '1', name: 'Eng', owner: 'alice' },
  { id: '2', name: 'Ops', owner: 'bob' },
  { id: '3', name: 'Eng', owner: 'ALICE' },
  { id: '4', name: 'Sales', owner: 'carol' },
  { id: '5', name: 'Ops', owner: 'bob' },
];
const ids = (found: GroupSummary[]) => found.map((r) => r.id).sort();

describe('findCandidates', () => {
  it('keeps the rows whose owner (any case) and name a create has, minus bound ids', async () => {
    const list = new FakeList(rows);
    expect(ids(await findCandidates(list.asService(), [{ owner: 'alice', name: 'Eng' }, { owner: 'bob', name: 'Ops' }], new Set(['5'])))).toEqual(['1', '2', '3']);
    expect(list.pages).toBe(3);
  });

  it('makes no call when nothing is wanted', async () => {
    const list = new FakeList(rows);
    expect(await findCandidates(list.asService(), [], new Set())).toEqual([]);
    expect(list.passes).toBe(0);
  });
});

describe('searchAhead: the pass for the keys bound to no group starts before the plan asks', () => {
  it('starts its pass at once, and answers the plan from it when it covered every create', async () => {
    const list = new FakeList(rows);
    const search = searchAhead(list.asService(), [{ owner: 'alice', name: 'Eng' }, { owner: 'bob', name: 'Ops' }], () => new Set());
    expect(list.passes).toBe(1);
    // The plan creates only one of the two: only its rows come back.
    expect(ids(await search.candidatesFor([{ owner: 'Alice', name: 'Eng' }]))).toEqual(['1', '3']);
    expect(ids(await search.candidatesFor([{ owner: 'bob', name: 'Ops' }]))).toEqual(['2', '5']);
    expect(list.passes).toBe(1);
  });

  it('a create it did not cover (a bound group found gone) gets a pass of its own', async () => {
    const list = new FakeList(rows);
    const search = searchAhead(list.asService(), [{ owner: 'alice', name: 'Eng' }], () => new Set(['1']));
    expect(ids(await search.candidatesFor([{ owner: 'alice', name: 'Eng' }, { owner: 'carol', name: 'Sales' }]))).toEqual(['3', '4']);
    expect(list.passes).toBe(2);
  });

  it('nothing expected: no pass until the plan asks, and none when it creates nothing', async () => {
    const list = new FakeList(rows);
    let collected = 0;
    const search = searchAhead(list.asService(), [], () => (collected++, new Set()));
    expect(await search.candidatesFor([])).toEqual([]);
    expect(list.passes).toBe(0);
    // The bound ids are collected only for a pass.
    expect(collected).toBe(0);
    expect(ids(await search.candidatesFor([{ owner: 'carol', name: 'Sales' }]))).toEqual(['4']);
    expect(list.passes).toBe(1);
    expect(collected).toBe(1);
  });

  it('a pass that fails ahead fails the plan when it asks, and not before', async () => {
    const list = new FakeList(rows, 2, 2);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const search = searchAhead(list.asService(), [{ owner: 'alice', name: 'Eng' }], () => new Set());
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).toEqual([]);
      await expect(search.candidatesFor([{ owner: 'alice', name: 'Eng' }])).rejects.toThrow(/try later/);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

/**
 * The app-list page bound (issue 21): a server whose cursor never repeats and whose pages
 * always bring new groups is stopped after `maxListPages` pages with an error saying so,
 * instead of reading forever. The bound is injected small so the test reads 3 pages.
 */
import { expect, it } from 'vitest';
import type { ApiClient } from '../../src/api/client.js';
import { DEFAULT_PAGING_BOUNDS, readGroupListPages } from '../../src/api/paging.js';

/** Our own narrow interface, faked: each page two fresh groups and a fresh cursor. */
function endlessList() {
  let calls = 0;
  const client = {
    async listGroups() {
      calls++;
      const id = (n: number) => String(228_000_000_000_000 + calls * 10 + n);
      return { data: [{ groupid: id(1), groupname: 'a', owner: 'alice' }, { groupid: id(2), groupname: 'b', owner: 'alice' }], cursor: `c${calls}` };
    },
  } as unknown as ApiClient;
  return { client, calls: () => calls };
}

it('stops after the injected number of pages, with the bound in the error', async () => {
  const { client, calls } = endlessList();
  const read: string[] = [];
  const reading = (async () => {
    for await (const group of readGroupListPages(client, {}, { ...DEFAULT_PAGING_BOUNDS, maxListPages: 3 }, 2)) read.push(group.id);
  })();
  await expect(reading).rejects.toThrow('the group list goes on past 3 pages; stopped reading');
  expect(calls()).toBe(3);
  expect(read).toHaveLength(6);
});

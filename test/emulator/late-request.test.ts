/**
 * A request still waiting out its latency when the emulator stops must change nothing:
 * not the old store, and not (through a reused file descriptor) the journal of a new
 * emulator started on the same data file.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/server.js';

it('drops a request that was waiting when the emulator stopped', async () => {
  const dataFile = join(mkdtempSync(join(tmpdir(), 'emulator-late-')), 'data.json');
  const first = await startEmulator({ dataFile, latencyMs: 300, quiet: true, seed: { users: ['alice'], groups: [] } });
  const late = fetch(`${first.baseUrls.easemob}/chatgroups`, {
    method: 'POST',
    headers: { authorization: 'Bearer emulator-token', 'content-type': 'application/json' },
    body: JSON.stringify({ groupname: 'late', public: false, owner: 'alice' }),
  }).then(
    (r) => r.status,
    () => 'dropped' as const,
  );
  // Kill only once the request is inside the handler: a kill before the connection is
  // accepted is another case (a refused connection), where the fetch was seen to hang.
  while (first.counters()['create-group'] === 0) await new Promise((r) => setTimeout(r, 5));
  await first.kill();
  const second = await startEmulator({ dataFile, quiet: true });
  expect(await late).toBe('dropped');
  // The client saw the connection go at once; the handler wakes after its latency.
  await new Promise((r) => setTimeout(r, 400));
  expect(first.store.groupCount()).toBe(0);
  expect(second.store.groupCount()).toBe(0);
  await second.close();
  const third = await startEmulator({ dataFile, quiet: true });
  expect(third.store.groupCount()).toBe(0);
  await third.close();
});

/**
 * The hostile-server suite (issue 10): per case, a clear error or a correct plan, time
 * and memory bounded by the client's own limits (a 1.5 s deadline and a 200 KB answer
 * cap here; a run that hung would be killed by the harness and fail on its exit code),
 * no secret in any output or file, and nothing changed on a wrong answer.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectNoSecret, isDetails, planFails, rewrite, writeConfig } from './steps.js';
import { ENG, SALES, snapshot, startWorld, type World } from './world.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('hostile server: endless answers', () => {
  it('a body trickled a byte at a time ends at the deadline', async () => {
    world = await startWorld((req) => (isDetails(req) ? { trickle: JSON.stringify({ data: [] }).padEnd(400, ' '), everyMs: 100 } : undefined));
    await planFails(world, /no complete answer within 1.5 s/);
  });

  it('an endless answer is cut at the size cap, with bounded memory', async () => {
    world = await startWorld((req) => (isDetails(req) ? { endless: '{"data":[' + '"x",'.repeat(1000) } : undefined));
    const stats = path.join(world.dir, 'stats.json');
    const plan = await world.run(['plan', 'groups'], { GROUPCTL_STATS_FILE: stats });
    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(/the answer is larger than 200000 bytes; stopped reading it/);
    // Reading the endless body for the 1.5 s deadline would take gigabytes.
    expect((JSON.parse(readFileSync(stats, 'utf8')) as { maxRssBytes: number }).maxRssBytes).toBeLessThan(400 * 1024 * 1024);
    expectNoSecret(world);
  });

  it('a member list that ignores affiliations_count is stopped past the announced count', async () => {
    let page = 0;
    world = await startWorld((req, forward) => {
      if (isDetails(req)) {
        return rewrite(forward, (b) => ({
          ...b,
          data: (b.data as Array<Record<string, unknown>>).map((g) => (g.id === ENG ? { ...g, affiliations_count: 20, affiliations: [{ owner: 'alice' }] } : g)),
        }));
      }
      if (req.path.startsWith(`/chatgroups/${ENG}/users?`)) {
        page++;
        const rows = Array.from({ length: 1000 }, (_, i) => ({ member: `m${page}-${i}` }));
        return { status: 200, body: JSON.stringify({ data: page === 1 ? [{ owner: 'alice' }, ...rows.slice(1)] : rows }) };
      }
      return undefined;
    });
    await planFails(world, /the member list of group 228000000000001 goes on past the 20 members the group announces/);
    expect(page).toBeLessThanOrEqual(4);
  });

  it.each([
    ['the same cursor', () => 'c1'],
    ['a fresh cursor each page', (n: number) => `c${n}`],
  ])('export stops on an app-group list that repeats with %s', async (_label, cursorOf) => {
    let n = 0;
    const rows = [
      { owner: 'org#app_alice', groupid: ENG, groupname: 'Engineering' },
      { owner: 'org#app_bob', groupid: SALES, groupname: 'Sales' },
    ];
    world = await startWorld((req) =>
      req.method === 'GET' && req.path.startsWith('/chatgroups?') ? { status: 200, body: JSON.stringify({ data: rows, cursor: cursorOf(++n), count: 2 }) } : undefined,
    );
    const result = await world.run(['export', '--out', 'exported']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the group list('s cursor)? repeats/);
    expect(existsSync(path.join(world.dir, 'exported', 'groups.yaml'))).toBe(false);
    expect(n).toBeLessThanOrEqual(3);
    expectNoSecret(world);
  });
});

describe("hostile server: a user's group list that repeats", () => {
  it('stops the create that needed it, and nothing is created', async () => {
    const page = Array.from({ length: 20 }, (_, i) => ({ groupId: String(228000000000100 + i), name: 'x', owner: 'carol' }));
    world = await startWorld((req) =>
      req.method === 'GET' && req.path.startsWith('/chatgroups/user/') ? { status: 200, body: JSON.stringify({ entities: page, total: 100_000 }) } : undefined,
    );
    await writeConfig(world, 'Engineering', `  ops:\n    name: Ops\n    owner: carol\n`);
    const before = snapshot(world.server);
    const apply = await world.run(['apply', 'groups', '--auto-approve']);
    expect(apply.code).toBe(1);
    expect(apply.stdout + apply.stderr).toMatch(/page 2 of the groups of carol repeats earlier rows/);
    expect(snapshot(world.server)).toEqual(before);
    expect(world.server.seen.filter((r) => r.path.startsWith('/chatgroups/user/')).length).toBeLessThanOrEqual(6);
  });
});

describe('hostile server: words and clocks', () => {
  it('escape sequences in error text never reach the terminal', async () => {
    const evil = '\x1b[2J\x1b]0;pwned\x07\x1b[31mred\u202e\rcarriage';
    world = await startWorld((req) => (isDetails(req) ? { status: 403, body: JSON.stringify({ error: `forbidden\x1b[5m`, error_description: evil }) } : undefined));
    const plan = await world.run(['plan', 'groups']);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('403 forbidden: redcarriage');
    // eslint-disable-next-line no-control-regex
    expect(plan.stderr + plan.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]/);
  });

  it('numeric error_code + desc bodies are read like error + error_description', async () => {
    world = await startWorld((req) => (isDetails(req) ? { status: 403, body: JSON.stringify({ error_code: 40003, desc: 'no permission for this app' }) } : undefined));
    const plan = await world.run(['plan', 'groups']);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('403 40003: no permission for this app');
  });

  it('crash recovery with the server clock 10 minutes behind binds the group it made: no duplicate', async () => {
    world = await startWorld(
      async (req, forward) => {
        if (req.method === 'POST' && req.path === '/chatgroups') {
          await forward();
          return { drop: true };
        }
        return undefined;
      },
      { now: () => Date.now() - 10 * 60_000 },
    );
    await writeConfig(world, 'Engineering', `  ops:\n    name: Ops\n    owner: carol\n`);
    const apply = await world.run(['apply', 'groups', '--auto-approve']);
    expect(apply.stdout + apply.stderr).toMatch(/but it made group 228000000000003/);
    const plan = await world.run(['plan', 'groups', '--detailed-exitcode']);
    expect(plan.code).toBe(0);
    const ops = world.server.emulator.store.toData().groups.filter((g) => g.groupname === 'Ops');
    expect(ops).toHaveLength(1);
    expectNoSecret(world);
  });
});


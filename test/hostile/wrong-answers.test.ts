/**
 * The hostile-server suite (issue 10): per case, a clear error or a correct plan, time
 * and memory bounded by the client's own limits (a 1.5 s deadline and a 200 KB answer
 * cap here; a run that hung would be killed by the harness and fail on its exit code),
 * no secret in any output or file, and nothing changed on a wrong answer.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectNoSecret, isDetails, planFails, rewrite, salesOf, writeConfig } from './steps.js';
import { ENG, SALES, snapshot, startWorld, type World } from './world.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('hostile server: wrong answers', () => {
  it('a create answer naming a group bound to another key stops that group and binds nothing', async () => {
    world = await startWorld(async (req, forward) => {
      if (req.method === 'POST' && req.path === '/chatgroups') {
        await forward();
        return { status: 200, body: JSON.stringify({ data: { groupid: SALES } }) };
      }
      return undefined;
    });
    await writeConfig(world, 'Engineering', `  ops:\n    name: Ops\n    owner: carol\n    admins: [dave]\n`);
    const sales = salesOf(world);
    const apply = await world.run(['apply', 'groups', '--auto-approve', '--report', 'report.json']);
    expect(apply.code).toBe(1);
    expect(apply.stdout + apply.stderr).toMatch(new RegExp(`group ${SALES}, which is bound to sales`));
    expect(salesOf(world)).toEqual(sales);
    const state = JSON.parse(readFileSync(path.join(world.dir, 'groups', 'groupctl.state.json'), 'utf8')) as { bindings: Record<string, { id: string }> };
    expect(state.bindings.sales?.id).toBe(SALES);
    expect(state.bindings.ops).toBeUndefined();
    expectNoSecret(world);
  });

  it.each([
    ['{}', {}],
    ['{"data":{}}', { data: {} }],
  ])('a details answer of %s is an error, not "every group is gone"', async (_label, body) => {
    world = await startWorld((req) => (isDetails(req) ? { status: 200, body: JSON.stringify(body) } : undefined));
    await planFails(world, /the details answer has no list of groups/);
  });

  it('two rows for one id are an error', async () => {
    world = await startWorld((req, forward) =>
      isDetails(req) ? rewrite(forward, (b) => ({ ...b, data: [...(b.data as unknown[]), ...(b.data as unknown[])] })) : undefined,
    );
    await planFails(world, /two rows for group 22800000000000[12]/);
  });

  it('a row for a group that was not asked for is an error', async () => {
    world = await startWorld((req, forward) =>
      isDetails(req) ? rewrite(forward, (b) => ({ ...b, data: [...(b.data as Array<{ id: string }>)].map((g) => ({ ...g, id: g.id === ENG ? '228000000000999' : g.id })) })) : undefined,
    );
    await planFails(world, /group 228000000000999, which was not asked for/);
  });

  it('numeric ids and capitalised members still give the correct plan: no changes', async () => {
    world = await startWorld((req, forward) =>
      isDetails(req)
        ? rewrite(forward, (b) => ({
            ...b,
            data: (b.data as Array<Record<string, unknown>>).map((g) => ({
              ...g,
              id: Number(g.id),
              owner: String(g.owner).toUpperCase(),
              affiliations: (g.affiliations as Array<Record<string, string>>).map((a) => Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v.toUpperCase()]))),
            })),
          }))
        : req.path.endsWith('/admin')
          ? rewrite(forward, (b) => ({ ...b, data: (b.data as string[]).map((u) => u.toUpperCase()) }))
          : undefined,
    );
    const before = snapshot(world.server);
    const plan = await world.run(['plan', 'groups', '--detailed-exitcode']);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/No changes/i);
    expect(snapshot(world.server)).toEqual(before);
    expectNoSecret(world);
  });

  it('an id that lost digits as a JSON number is refused', async () => {
    world = await startWorld((req, forward) =>
      isDetails(req) ? rewrite(forward, (b) => ({ ...b, data: (b.data as Array<Record<string, unknown>>).map((g) => ({ ...g, id: 2 ** 53 + 2 })) })) : undefined,
    );
    await planFails(world, /is not a group id/);
  });
});


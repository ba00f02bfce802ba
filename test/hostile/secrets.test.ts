/**
 * The hostile-server suite (issue 10): per case, a clear error or a correct plan, time
 * and memory bounded by the client's own limits (a 1.5 s deadline and a 200 KB answer
 * cap here; a run that hung would be killed by the harness and fail on its exit code),
 * no secret in any output or file, and nothing changed on a wrong answer.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectNoSecret, isDetails, rewrite, writeConfig } from './steps.js';
import { startWorld, TOKEN, type World } from './world.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('hostile server: secrets', () => {
  it('an `error` field that echoes the bearer token is masked in output, report and progress', async () => {
    world = await startWorld((req) =>
      req.method === 'PUT'
        ? { status: 403, body: JSON.stringify({ error: TOKEN, error_description: `token ${TOKEN} may not do this (Bearer ${TOKEN})` }) }
        : undefined,
    );
    await writeConfig(world, 'Engineering 2');
    const apply = await world.run(['apply', 'groups', '--auto-approve', '--report', 'report.json']);
    expect(apply.code).toBe(1);
    expect(apply.stderr + apply.stdout).toMatch(/403 \*\*\*/);
    expect(readFileSync(path.join(world.dir, 'report.json'), 'utf8')).toMatch(/\*\*\*/);
    expectNoSecret(world);
  });

  it('a client secret echoed JSON-escaped or URL-encoded in a non-JSON answer is masked', async () => {
    const secret = 'cl1ent/secret+"x"=y';
    world = await startWorld(
      async (req, forward) => {
        if (!isDetails(req)) return undefined;
        const echo = `${JSON.stringify(secret).slice(1, -1)} ${encodeURIComponent(secret)} ${JSON.stringify(req.path)}`;
        await forward();
        return { status: 400, body: `<html><body>bad request: client_secret=${echo}</body></html>`, contentType: 'text/html' };
      },
      { clientSecret: secret },
    );
    const plan = await world.run(['plan', 'groups']);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(/400 http_400: .*client_secret=\*\*\* \*\*\*/);
    expectNoSecret(world, secret);
  });

  it('the token the service issued, echoed in an error, is masked too', async () => {
    const secret = 'another-client-secret';
    let issued = '';
    world = await startWorld(
      async (req, forward) => {
        if (req.path === '/token') {
          const answer = await forward();
          issued = (JSON.parse(answer.text) as { access_token: string }).access_token;
          return undefined;
        }
        return isDetails(req) ? { status: 403, body: JSON.stringify({ error: 'forbidden_op', error_description: `token ${issued} is not allowed` }) } : undefined;
      },
      { clientSecret: secret },
    );
    const plan = await world.run(['plan', 'groups']);
    expect(plan.code).toBe(1);
    expect(issued.length).toBeGreaterThan(8);
    expect(plan.stderr).toContain('token *** is not allowed');
    expectNoSecret(world, issued);
    expectNoSecret(world, secret);
  });
});

describe('hostile server: secrets in live data', () => {
  it('a group name holding the token is masked in the printed plan and the plan file', async () => {
    world = await startWorld((req, forward) =>
      isDetails(req) ? rewrite(forward, (b) => ({ ...b, data: (b.data as Array<Record<string, unknown>>).map((g) => ({ ...g, name: `leak ${TOKEN}` })) })) : undefined,
    );
    const plan = await world.run(['plan', 'groups', '--out', 'plan.json']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('leak ***');
    expect(readFileSync(path.join(world.dir, 'plan.json'), 'utf8')).toContain('leak ***');
    expectNoSecret(world);
  });
});


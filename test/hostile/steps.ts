/** Shared steps of the hostile-server suite. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Forwarded, Request } from './hostile-server.js';
import { ENG, SALES, snapshot, spellingsOf, TOKEN, type World } from './world.js';

export const isDetails = (req: Request, id = ENG) => req.method === 'GET' && req.path.startsWith('/chatgroups/') && req.path.split('/')[2]!.split('?')[0]!.split(',').includes(id) && req.path.split('/').length === 3;

/** The emulator's answer, rewritten as JSON. */
export async function rewrite(forward: () => Promise<Forwarded>, change: (body: Record<string, unknown>) => unknown) {
  const { status, text } = await forward();
  return { status, body: JSON.stringify(change(JSON.parse(text) as Record<string, unknown>)) };
}

export function expectNoSecret(w: World, secret = TOKEN): void {
  const all = w.everything();
  for (const form of spellingsOf(secret)) expect(all).not.toContain(form);
}

/** Apply plans first: a wrong answer must stop it with `message` before any change. */
export async function planFails(w: World, message: RegExp): Promise<void> {
  const before = snapshot(w.server);
  const apply = await w.run(['apply', 'groups', '--auto-approve', '--report', 'report.json']);
  expect(apply.code).toBe(1);
  expect(apply.stderr).toMatch(message);
  expect(snapshot(w.server)).toEqual(before);
  expectNoSecret(w);
}

export async function writeConfig(w: World, engName: string, extra = ''): Promise<void> {
  writeFileSync(
    path.join(w.dir, 'groups', 'main.yaml'),
    `groups:\n  eng:\n    name: ${engName}\n    owner: alice\n    admins: [bob]\n    members: [bob, carol]\n  sales:\n    name: Sales\n    owner: bob\n${extra}`,
  );
}

export function salesOf(w: World): unknown {
  const data = snapshot(w.server) as Array<{ id: string }>;
  return data.find((g) => g.id === SALES);
}

/**
 * examples/adopt/README.md runs as written: its ```sh blocks are run with bash, in order,
 * from a copy of the checkout's examples/. The one change: the emulator's port 8080 becomes
 * a free one (--port 0 and the port it reports), so tests never collide.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { cleanEnv, CLI, ROOT, tempDir } from '../helpers/cli.js';

const WALKTHROUGH = path.join(ROOT, 'examples/adopt/README.md');
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
});

function shellBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

function workspace(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = tempDir();
  cpSync(path.join(ROOT, 'examples'), path.join(dir, 'examples'), { recursive: true });
  const bin = path.join(dir, '.bin');
  mkdirSync(bin);
  writeFileSync(
    path.join(bin, 'npx'),
    `#!/bin/sh\nif [ "$1" = groupctl ]; then shift; exec "${process.execPath}" "${CLI}" "$@"; fi\nexit 127\n`,
  );
  chmodSync(path.join(bin, 'npx'), 0o755);
  return { dir, env: cleanEnv({ PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` }) };
}

function startBackground(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn('bash', ['-c', `exec ${script.trim()}`], { cwd, env });
  children.push(child);
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (d: Buffer) => {
      seen += d.toString();
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(seen);
      if (m) resolve(Number(m[1]));
    });
    child.stderr.on('data', (d: Buffer) => (seen += d.toString()));
    child.on('exit', (code) => reject(new Error(`the emulator exited (${String(code)}): ${seen}`)));
  });
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-e', '-c', script], { cwd, env });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

it('adopts the stand-in app: export plans with no changes, an edit applies, then no changes again', async () => {
  const blocks = shellBlocks(readFileSync(WALKTHROUGH, 'utf8'));
  expect(blocks).toHaveLength(3);
  const [emulatorBlock, exportBlock, changeBlock] = blocks as [string, string, string];
  expect(emulatorBlock).toContain('--port 8080');
  const { dir, env } = workspace();

  const port = await startBackground(emulatorBlock.replace('--port 8080', '--port 0'), dir, env);
  const withPort = (script: string) => script.replaceAll('127.0.0.1:8080', `127.0.0.1:${port}`);

  const exported = await bash(withPort(exportBlock), dir, env);
  expect(exported.output).toContain('Exported 4 groups');
  expect(exported.output).toMatch(/No changes/i);
  expect(exported.code).toBe(0);

  // The edit the walkthrough describes in prose: bob becomes an admin of Support.
  const file = path.join(dir, 'my-app/groups.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  expect(doc.getIn(['groups', 'support', 'admins'])?.toString()).toContain('alice');
  doc.setIn(['groups', 'support', 'admins'], doc.createNode(['alice', 'bob']));
  writeFileSync(file, doc.toString());

  // The block ends in a plan with --detailed-exitcode: bash -e fails it on any drift left.
  const changed = await bash(withPort(exportBlock.split('\n').slice(0, 2).join('\n') + '\n' + changeBlock), dir, env);
  expect(changed.output).toMatch(/add-admin|admin: bob/);
  expect(changed.output).toContain('Apply complete');
  expect(changed.code).toBe(0);
}, 60_000);

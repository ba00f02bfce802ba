/**
 * The emulator as a real process (`groupctl emulator`, built by `npm test`'s pretest), then
 * killed with SIGKILL while writes are in flight (no acknowledged write may be lost or
 * doubled), or stopped with SIGTERM (exit 0, state compacted into the data file).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/server.js';
import { CLI } from '../helpers/cli.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'emulator-kill-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `groupctl emulator` (the build `npm test` makes first) and resolves with its base URL once it prints the listening line. */
function spawnEmulator(dataFile: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [CLI, 'emulator', '--port', '0', '--data', dataFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const lines = out.split('\n');
      if (/^listening on http:\/\/127\.0\.0\.1:\d+$/.test(lines[0]!) && lines.length >= 3) resolve({ child, base: lines[1]! });
    });
    child.once('exit', (code) => reject(new Error(`emulator exited early with ${code}: ${out}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function post(url: string, body: unknown): Promise<any> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: 'Bearer emulator-token', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`${res.status}: ${await res.text()}`);
  return res.json();
}

describe('a real emulator process', () => {
  it('loses no acknowledged write to kill -9 and applies none twice', async () => {
    const dataFile = join(dir, 'killed.json');
    writeFileSync(dataFile, JSON.stringify({ users: ['alice'] }));
    const { child, base } = await spawnEmulator(dataFile);
    const gone = exited(child);
    const acked: Array<{ name: string; id: string }> = [];
    let sent = 0;
    // Writers keep going until the process dies, so writes are in flight at the kill.
    const writer = async () => {
      for (;;) {
        const name = `g${sent++}`;
        const res = await post(`${base}/chatgroups`, { owner: 'alice', public: true, groupname: name });
        acked.push({ name, id: res.data.groupid });
        if (acked.length === 60) child.kill('SIGKILL');
      }
    };
    await Promise.allSettled(Array.from({ length: 8 }, writer));
    await gone;
    expect(acked.length).toBeGreaterThanOrEqual(60);

    const after = await startEmulator({ dataFile, quiet: true });
    try {
      const groups = after.store.listGroups(1000).groups;
      for (const { name, id } of acked) expect(after.store.getGroup(id)?.groupname, name).toBe(name);
      const names = groups.map((g) => g.groupname);
      expect(new Set(names).size).toBe(names.length);
    } finally {
      await after.close();
    }
  });

  it('exits 0 on SIGTERM with everything in the data file and an empty journal', async () => {
    const dataFile = join(dir, 'stopped.json');
    writeFileSync(dataFile, JSON.stringify({ users: ['alice', 'bob'] }));
    const { child, base } = await spawnEmulator(dataFile);
    const id = (await post(`${base}/chatgroups`, { owner: 'alice', public: true, members: ['bob'] })).data.groupid;
    const code = exited(child);
    child.kill('SIGTERM');
    expect(await code).toBe(0);
    expect(readFileSync(`${dataFile}.journal`, 'utf8')).toBe('');
    const saved = JSON.parse(readFileSync(dataFile, 'utf8'));
    expect(saved.groups.map((g: { id: string; members: string[] }) => [g.id, g.members])).toEqual([[id, ['bob']]]);
  });
});

import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openState } from '../../src/emulator/persistence.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { deadPid } from '../state/helpers.js';
import { call } from './helpers.js';

let dir: string;
let dataFile: string;
const running: RunningEmulator[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'emulator-'));
  dataFile = join(dir, 'state.json');
});
afterEach(async () => {
  for (const emu of running.splice(0)) await emu.kill();
  rmSync(dir, { recursive: true, force: true });
});

async function start(extra: Parameters<typeof startEmulator>[0] = {}): Promise<RunningEmulator> {
  const emu = await startEmulator({ dataFile, quiet: true, ...extra });
  running.push(emu);
  return emu;
}

/** A mix of every kind of acknowledged change; returns the ids it created. */
async function doWrites(emu: RunningEmulator): Promise<string[]> {
  const ok = async (method: string, path: string, body?: unknown) => {
    const res = await call(emu, method, path, { body });
    expect(res.status, `${method} ${path}: ${res.text}`).toBe(200);
    return res.json;
  };
  await ok('POST', '/users', [{ username: 'alice' }, { username: 'bob' }, { username: 'carol' }, { username: 'dave' }]);
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push((await ok('POST', '/chatgroups', { owner: 'alice', public: i % 2 === 0, members: ['bob'] })).data.groupid);
  const [a, b, c, d, e] = ids as [string, string, string, string, string];
  await ok('PUT', `/chatgroups/${a}`, { groupname: 'renamed', maxusers: 50 });
  await ok('POST', `/chatgroups/${a}/users`, { usernames: ['carol', 'dave'] });
  await ok('POST', `/chatgroups/${a}/admin`, { newadmin: 'carol' });
  await ok('PUT', `/chatgroups/${b}`, { newowner: 'bob' });
  await ok('POST', `/chatgroups/${c}/users/carol`);
  await ok('DELETE', `/chatgroups/${c}/users/bob`);
  await ok('DELETE', `/chatgroups/${a}/users/dave,bob`);
  await ok('POST', `/chatgroups/${d}/disable`);
  await ok('DELETE', `/chatgroups/${e}`);
  await ok('DELETE', `/chatgroups/${a}/admin/carol`);
  return ids;
}

describe('persistence', () => {
  it('restarts from the file after a clean close, with the journal emptied', async () => {
    const first = await start();
    await doWrites(first);
    const before = first.store.toData();
    await first.close();
    expect(readFileSync(`${dataFile}.journal`, 'utf8')).toBe('');
    const second = await start();
    expect(second.store.toData()).toEqual(before);
  });

  it('loads a file that holds only users (as the demo writes it)', async () => {
    writeFileSync(dataFile, JSON.stringify({ users: ['alice', 'bob'] }));
    const emu = await start();
    const res = await call(emu, 'POST', '/chatgroups', { body: { owner: 'alice', public: true, members: ['bob'] } });
    expect(res.status).toBe(200);
  });

  it('uses the seed only when there is no data file yet', async () => {
    const first = await start({ seed: { users: ['seeded'], groups: [] } });
    expect(first.store.hasUser('seeded')).toBe(true);
    await call(first, 'POST', '/users', { body: [{ username: 'later' }] });
    await first.close();
    const second = await start({ seed: { users: ['other'], groups: [] } });
    expect(second.store.hasUser('later')).toBe(true);
    expect(second.store.hasUser('other')).toBe(false);
  });

  it('says which file it could not load', async () => {
    writeFileSync(dataFile, '{not json');
    await expect(start()).rejects.toThrow(dataFile);
  });
});

describe('a clean close with nothing changed', () => {
  it('leaves the data file as it was (no rewrite of an unchanged snapshot)', () => {
    const first = openState({ dataFile, now: () => 1_000 });
    first.mutate('registerUsers', [{ username: 'alice' }]);
    first.close();
    // An old time as a marker: a rewrite (a new file renamed into place) would carry the current one.
    utimesSync(dataFile, 1_000, 1_000);
    const second = openState({ dataFile, now: () => 2_000 });
    expect(second.store.toData().users).toHaveLength(1);
    second.close();
    expect(statSync(dataFile).mtimeMs).toBe(1_000_000);
  });
});

describe('crash safety (kill -9 leaves an uncompacted journal)', () => {
  it('loses no acknowledged write and applies none twice', async () => {
    const first = await start();
    const ids = await doWrites(first);
    const before = first.store.toData();
    await first.kill();
    expect(readFileSync(`${dataFile}.journal`, 'utf8').trim().split('\n').length).toBeGreaterThan(10);

    const second = await start();
    expect(second.store.toData()).toEqual(before);
    const next = await call(second, 'POST', '/chatgroups', { body: { owner: 'alice', public: true } });
    expect(BigInt(next.json.data.groupid) > BigInt(ids[4]!)).toBe(true);
  });

  it('survives a crash between the snapshot rename and the journal truncation', async () => {
    const first = await start();
    await doWrites(first);
    const before = first.store.toData();
    await first.kill();
    const journal = readFileSync(`${dataFile}.journal`, 'utf8');

    // Replaying compacts: the snapshot now holds every entry and the journal is empty...
    const second = await start();
    await second.kill();
    expect(readFileSync(`${dataFile}.journal`, 'utf8')).toBe('');
    // ...unless the crash came before the truncation: the old lines are still there.
    writeFileSync(`${dataFile}.journal`, journal);

    const third = await start();
    expect(third.store.toData()).toEqual(before);
    expect(third.store.groupCount()).toBe(4);
  });

  it('ignores a torn last line and keeps journaling after it', async () => {
    const first = await start({ seed: { users: ['alice'], groups: [] } });
    await call(first, 'POST', '/chatgroups', { body: { owner: 'alice', public: true } });
    await first.kill();
    appendFileSync(`${dataFile}.journal`, '{"seq":2,"t":1,"op":"createGr');

    const second = await start();
    expect(second.store.groupCount()).toBe(1);
    await call(second, 'POST', '/chatgroups', { body: { owner: 'alice', public: true } });
    await second.kill();

    const third = await start();
    expect(third.store.groupCount()).toBe(2);
  });

  it('refuses to start on a bad line that is not the last, naming the file and line', () => {
    const first = openState({ dataFile, now: () => 1_000, seed: { users: ['alice'], groups: [] } });
    first.mutate('createGroup', { owner: 'alice', public: true });
    first.abandon();
    const good = readFileSync(`${dataFile}.journal`, 'utf8');
    writeFileSync(`${dataFile}.journal`, `{"seq":1,"t":1,"op":"creat\n\n${good}`);
    expect(() => openState({ dataFile, now: () => 1_000 })).toThrow(`${dataFile}.journal:1: corrupt journal line`);
  });

  it('removes the temporary a killed compaction left, and not one of a live writer', () => {
    const dead = join(dir, `.state.json.${deadPid()}.abcd1234.tmp`);
    const live = join(dir, `.state.json.${process.pid}.abcd1234.tmp`);
    writeFileSync(dead, '{"users":[');
    writeFileSync(live, '{"users":[');
    openState({ dataFile, now: () => 1_000 }).close();
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });

  it('compacts every few lines while running and still recovers from a crash', () => {
    const open = () => openState({ dataFile, now: () => 1_000, compactEvery: 3 });
    const first = open();
    first.mutate('registerUsers', [{ username: 'alice' }]);
    for (let i = 0; i < 10; i++) first.mutate('createGroup', { owner: 'alice', public: true, groupname: `g${i}` });
    const before = first.store.toData();
    first.abandon();
    expect(readFileSync(`${dataFile}.journal`, 'utf8').trim().split('\n').length).toBeLessThan(3);
    expect(JSON.parse(readFileSync(dataFile, 'utf8')).journalSeq).toBe(9);

    const second = open();
    expect(second.store.toData()).toEqual(before);
    second.close();
  });

  it('does not journal refused changes', () => {
    const state = openState({ dataFile, now: () => 1_000, seed: { users: ['alice'], groups: [] } });
    expect(() => state.mutate('createGroup', { owner: 'nobody', public: true })).toThrow("username nobody doesn't exist!");
    state.abandon();
    expect(readFileSync(`${dataFile}.journal`, 'utf8')).toBe('');
    expect(existsSync(dataFile)).toBe(true);
  });
});

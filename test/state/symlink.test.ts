import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateLockedError } from '../../src/state/lock.js';
import { StateStore } from '../../src/state/state-store.js';
import { useTempDir } from './helpers.js';

const tempDir = useTempDir();

const STATE = { version: 1, bindings: { old: { id: '1' } }, intents: {} };

/** A config folder whose groupctl.state.json links to a file kept in another folder. */
function linkedState(target = '../shared/state.json'): { link: string; real: string; shared: string; config: string } {
  const root = tempDir();
  const shared = join(root, 'shared');
  const config = join(root, 'config');
  mkdirSync(shared);
  mkdirSync(config);
  const link = join(config, 'groupctl.state.json');
  symlinkSync(target, link);
  return { link, real: join(shared, 'state.json'), shared, config };
}

describe('a state file that is a symbolic link', () => {
  it('is written through the link: the link stays a link and the target gets the content', async () => {
    const { link, real, shared, config } = linkedState();
    writeFileSync(real, JSON.stringify(STATE));
    const store = await StateStore.open(link);
    expect(store.binding('old')).toEqual({ id: '1' });
    store.bind('eng', { id: '228' });
    // The journal and the lock sit beside the target, where the rewrite happens.
    expect(existsSync(join(shared, 'state.json.journal'))).toBe(true);
    expect(existsSync(join(shared, 'state.json.lock'))).toBe(true);
    await store.close();

    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('../shared/state.json');
    expect(JSON.parse(readFileSync(real, 'utf8')).bindings).toEqual({ eng: { id: '228' }, old: { id: '1' } });
    // Nothing left behind in either folder: no journal, lock or temporary file.
    expect(readdirSync(shared)).toEqual(['state.json']);
    expect(readdirSync(config)).toEqual(['groupctl.state.json']);
  });

  it('creates the target of a dangling link on the first save', async () => {
    const { link, real } = linkedState();
    const store = await StateStore.open(link);
    store.bind('eng', { id: '228' });
    await store.close();
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(real, 'utf8')).bindings).toEqual({ eng: { id: '228' } });
  });

  it('follows a chain of links and replays a journal left beside the target', async () => {
    const { link, real, shared } = linkedState('../shared/current.json');
    symlinkSync('state.json', join(shared, 'current.json'));
    writeFileSync(real, JSON.stringify(STATE));
    writeFileSync(`${real}.journal`, JSON.stringify({ op: 'bind', key: 'crashed', binding: { id: '7' } }) + '\n');
    const store = await StateStore.open(link);
    expect(store.binding('crashed')).toEqual({ id: '7' });
    await store.close();
    expect(lstatSync(join(shared, 'current.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(real, 'utf8')).bindings).toEqual({ crashed: { id: '7' }, old: { id: '1' } });
  });

  it('shares one lock between two links to the same file', async () => {
    const { link, real, config } = linkedState();
    writeFileSync(real, JSON.stringify(STATE));
    const other = join(config, 'other.state.json');
    symlinkSync('../shared/state.json', other);
    const first = await StateStore.open(link);
    await expect(StateStore.open(other)).rejects.toBeInstanceOf(StateLockedError);
    await first.close();
  });

  it.each(['journal', 'lock'])('refuses a %s that is a link, naming it, and changes nothing', async (what) => {
    const root = tempDir();
    const state = join(root, 'groupctl.state.json');
    writeFileSync(state, JSON.stringify(STATE));
    writeFileSync(join(root, 'elsewhere'), '');
    symlinkSync('elsewhere', `${state}.${what}`);
    await expect(StateStore.open(state)).rejects.toThrow(`state ${what} ${state}.${what} is a symbolic link`);
    expect(lstatSync(`${state}.${what}`).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(state, 'utf8'))).toEqual(STATE);
  });

  it('refuses a loop of links with a clear error', async () => {
    const root = tempDir();
    symlinkSync('b.json', join(root, 'a.json'));
    symlinkSync('a.json', join(root, 'b.json'));
    await expect(StateStore.open(join(root, 'a.json'))).rejects.toThrow(/chain of more than 40 symbolic links/);
  });
});

describe('state keys named like Object.prototype members', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])('binds, saves and reopens the key %s', async (key) => {
    const path = join(tempDir(), 'groupctl.state.json');
    const store = await StateStore.open(path);
    expect(store.binding(key)).toBeUndefined();
    expect(store.intent(key)).toBeUndefined();
    store.recordIntent({ key, owner: 'alice', started: 1 });
    expect(store.intent(key)).toEqual({ key, owner: 'alice', started: 1 });
    store.bind(key, { id: '42' });
    store.setWritten(key, { invite_need_confirm: true });
    await store.close();

    const again = await StateStore.open(path);
    expect([...again.bindings()]).toEqual([[key, { id: '42', written: { invite_need_confirm: true } }]]);
    expect(again.binding(key)).toEqual({ id: '42', written: { invite_need_confirm: true } });
    expect(again.intent(key)).toBeUndefined();
    again.unbind(key);
    await again.close();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ version: 1, lineage: expect.any(String), serial: 3, bindings: {}, intents: {} });
  });
});

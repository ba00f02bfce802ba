import { existsSync, readFileSync, writeFileSync, copyFileSync, appendFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateStore } from '../../src/state/state-store.js';
import { deadPid, useTempDir } from './helpers.js';

const tempDir = useTempDir();

function statePathIn(dir: string): string {
  return join(dir, 'groupctl.state.json');
}

async function reopen(path: string): Promise<StateStore> {
  return StateStore.open(path);
}

describe('StateStore', () => {
  it('starts empty when no state file exists, and creates it on save', async () => {
    const path = statePathIn(tempDir());
    const store = await StateStore.open(path);
    expect([...store.bindings()]).toEqual([]);
    expect([...store.intents()]).toEqual([]);
    expect(existsSync(path)).toBe(false);
    await store.close();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ version: 1, lineage: expect.any(String), serial: 0, bindings: {}, intents: {} });
  });

  it('round-trips bindings, intents and written settings through close and open', async () => {
    const path = statePathIn(tempDir());
    const store = await StateStore.open(path);
    store.recordIntent({ key: 'eng-all', owner: 'alice', name: 'Engineering', started: 1000 });
    store.recordIntent({ key: 'ops', owner: 'bob', started: 2000 });
    store.bind('sales', { id: '111' });
    store.setWritten('sales', { invite_need_confirm: true });
    store.bind('eng-all', { id: '228' });
    await store.close();

    const again = await reopen(path);
    expect(Object.fromEntries(again.bindings())).toEqual({
      'eng-all': { id: '228' },
      sales: { id: '111', written: { invite_need_confirm: true } },
    });
    expect(Object.fromEntries(again.intents())).toEqual({ ops: { key: 'ops', owner: 'bob', started: 2000 } });
    await again.close();
  });

  it('bind clears the intent of the same key only', async () => {
    const store = await StateStore.open(statePathIn(tempDir()));
    store.recordIntent({ key: 'a', owner: 'alice', started: 1 });
    store.recordIntent({ key: 'b', owner: 'alice', started: 1 });
    store.bind('a', { id: '1' });
    expect([...store.intents().keys()]).toEqual(['b']);
    store.clearIntent('b');
    expect([...store.intents().keys()]).toEqual([]);
    await store.close();
  });

  it('unbind forgets a binding', async () => {
    const path = statePathIn(tempDir());
    const store = await StateStore.open(path);
    store.bind('a', { id: '1' });
    store.bind('b', { id: '2' });
    store.unbind('a');
    await store.close();
    const again = await reopen(path);
    expect([...again.bindings().keys()]).toEqual(['b']);
    await again.close();
  });

  it('setWritten merges into what was written before', async () => {
    const store = await StateStore.open(statePathIn(tempDir()));
    store.bind('a', { id: '1', written: { invite_need_confirm: true } });
    store.setWritten('a', {});
    expect(store.bindings().get('a')).toEqual({ id: '1', written: { invite_need_confirm: true } });
    store.setWritten('a', { invite_need_confirm: false });
    expect(store.bindings().get('a')).toEqual({ id: '1', written: { invite_need_confirm: false } });
    await store.close();
  });

  it('keeps the allow_invites record beside invite_need_confirm through the journal and the file, and bumps the serial when it changes', async () => {
    const path = statePathIn(tempDir());
    const store = await StateStore.open(path);
    store.bind('a', { id: '1', written: { invite_need_confirm: true } });
    const serial = store.serial;
    store.setWritten('a', { allow_invites: true });
    expect(store.serial).toBe(serial + 1);
    expect(store.bindings().get('a')).toEqual({ id: '1', written: { invite_need_confirm: true, allow_invites: true } });
    await store.close();
    const again = await reopen(path);
    expect(again.bindings().get('a')).toEqual({ id: '1', written: { invite_need_confirm: true, allow_invites: true } });
    again.setWritten('a', { allow_invites: false });
    await again.close();
    expect(JSON.parse(readFileSync(path, 'utf8')).bindings.a).toEqual({ id: '1', written: { invite_need_confirm: true, allow_invites: false } });
  });

  it('refuses a state file whose allow_invites record is not a boolean', async () => {
    const path = statePathIn(tempDir());
    writeFileSync(path, JSON.stringify({ version: 1, serial: 1, bindings: { a: { id: '1', written: { allow_invites: 'yes' } } }, intents: {} }));
    await expect(reopen(path)).rejects.toThrow(/bindings\.a is malformed/);
  });

  it('refuses setWritten on a key that is not bound', async () => {
    const store = await StateStore.open(statePathIn(tempDir()));
    expect(() => store.setWritten('ghost', { invite_need_confirm: true })).toThrow(/"ghost": it is not bound/);
    await store.close();
  });

  it('makes every change durable in the journal before returning, without rewriting the file', async () => {
    const path = statePathIn(tempDir());
    const store = await StateStore.open(path);
    store.bind('a', { id: '1' });
    expect(existsSync(path)).toBe(false);
    const lines = readFileSync(`${path}.journal`, 'utf8').trim().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual([{ op: 'bind', key: 'a', binding: { id: '1' }, serial: 1 }]);
    await store.close();
  });

  it('save compacts: the file holds everything and the journal is gone', async () => {
    const path = statePathIn(tempDir());
    const store = await StateStore.open(path);
    store.bind('b', { id: '2' });
    store.bind('a', { id: '1' });
    await store.save();
    expect(existsSync(`${path}.journal`)).toBe(false);
    const text = readFileSync(path, 'utf8');
    const { lineage } = JSON.parse(text) as { lineage: string };
    expect(text).toBe(
      JSON.stringify({ version: 1, lineage, serial: 2, bindings: { a: { id: '1' }, b: { id: '2' } }, intents: {} }, null, 2) + '\n',
    );
    await store.close();
  });

  it.each([0, 1, 2, 3, 5, 8])(
    'loses no change that arrives while save is writing (change after %i event-loop turns)',
    async (turns) => {
      const path = statePathIn(tempDir());
      const store = await StateStore.open(path);
      store.bind('a', { id: '1' });
      const saving = store.save();
      for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
      store.bind('late', { id: '9' });
      await saving;
      // What a crash would leave: the file plus whatever journal is on disk.
      const onDisk = await StateStore.open(path, { lock: false });
      expect([...onDisk.bindings().keys()]).toEqual(['a', 'late']);
      await store.close();
      expect(existsSync(`${path}.journal`)).toBe(false);
    },
  );

  it('a crash after save renamed the file but before it removed the journal replays harmlessly', async () => {
    const path = statePathIn(tempDir());
    const store = await StateStore.open(path);
    store.bind('a', { id: '1' });
    store.recordIntent({ key: 'b', owner: 'bob', started: 5 });
    store.bind('b', { id: '2' });
    store.setWritten('b', { invite_need_confirm: true });
    store.unbind('a');
    copyFileSync(`${path}.journal`, `${path}.journal.kept`);
    await store.close();
    copyFileSync(`${path}.journal.kept`, `${path}.journal`);

    const again = await reopen(path);
    expect(Object.fromEntries(again.bindings())).toEqual({ b: { id: '2', written: { invite_need_confirm: true } } });
    expect([...again.intents()]).toEqual([]);
    await again.close();
  });

  it('replays a journal left by a process that never saved', async () => {
    const path = statePathIn(tempDir());
    writeFileSync(path, JSON.stringify({ version: 1, bindings: { old: { id: '7' } }, intents: {} }));
    writeFileSync(
      `${path}.journal`,
      [
        { op: 'intent', intent: { key: 'new', owner: 'alice', started: 3 } },
        { op: 'bind', key: 'new', binding: { id: '8' } },
        { op: 'unbind', key: 'old' },
      ]
        .map((entry) => JSON.stringify(entry) + '\n')
        .join(''),
    );
    const store = await StateStore.open(path);
    expect(Object.fromEntries(store.bindings())).toEqual({ new: { id: '8' } });
    expect([...store.intents()]).toEqual([]);
    await store.close();
  });

  it('ignores a torn last line, and the lock holder folds the rest into the state file at once', async () => {
    const path = statePathIn(tempDir());
    const good = JSON.stringify({ op: 'bind', key: 'a', binding: { id: '1' } }) + '\n';
    writeFileSync(`${path}.journal`, good + '{"op":"bind","key":"b","bin');
    const store = await StateStore.open(path);
    expect([...store.bindings().keys()]).toEqual(['a']);
    // A kill -9 left the journal: the state file alone holds it from now on.
    expect(existsSync(`${path}.journal`)).toBe(false);
    expect(JSON.parse(readFileSync(path, 'utf8')).bindings).toEqual({ a: { id: '1' } });
    store.bind('c', { id: '3' });
    expect(readFileSync(`${path}.journal`, 'utf8').trim().split('\n').map((l) => JSON.parse(l).key)).toEqual(['c']);
    await store.close();
  });

  it('a read-only open (plan) leaves a journal where it is', async () => {
    const path = statePathIn(tempDir());
    const good = JSON.stringify({ op: 'bind', key: 'a', binding: { id: '1' } }) + '\n';
    writeFileSync(`${path}.journal`, good);
    const store = await StateStore.open(path, { lock: false });
    expect([...store.bindings().keys()]).toEqual(['a']);
    expect(readFileSync(`${path}.journal`, 'utf8')).toBe(good);
    await store.close();
  });

  it.each([
    ['is not JSON', '{"version": 1, "bindings": {', /state file .*groupctl\.state\.json is corrupt: not JSON/],
    ['has another version', '{"version": 2, "bindings": {}, "intents": {}}', /is corrupt: unsupported version 2/],
    ['has a binding without id', '{"version": 1, "bindings": {"a": {}}, "intents": {}}', /is corrupt: bindings\.a: undefined is not a group id/],
    ['has a binding whose id climbs out of a URL path', '{"version": 1, "bindings": {"a": {"id": "../../users/alice"}}, "intents": {}}', /is corrupt: bindings\.a: "\.\.\/\.\.\/users\/alice" is not a group id/],
    ['is an empty file', '', /is corrupt: not JSON/],
    ['names an unknown groupid verdict', '{"version": 1, "groupid": "maybe", "bindings": {}, "intents": {}}', /is corrupt: "groupid" is not "honoured" or "ignored"/],
  ])('refuses a state file that %s, naming it', async (_name, content, message) => {
    const path = statePathIn(tempDir());
    writeFileSync(path, content);
    await expect(StateStore.open(path)).rejects.toThrow(message);
    // The refusal must not leave the lock behind.
    expect(existsSync(`${path}.lock`)).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe(content);
  });

  it('keeps a corrupt journal line that is not the last one aside, folds the rest, and says so once', async () => {
    const path = statePathIn(tempDir());
    writeFileSync(`${path}.journal`, 'garbage\n' + JSON.stringify({ op: 'bind', key: 'a', binding: { id: '228001' } }) + '\n');
    await expect(StateStore.open(path)).rejects.toThrow(/state journal .*\.journal has lines groupctl refuses:\n {2}- line 1: not JSON/);
    expect(readFileSync(`${path}.rejected`, 'utf8')).toContain('"text":"garbage"');
    const again = await StateStore.open(path);
    expect(again.binding('a')).toEqual({ id: '228001' });
    await again.close();
  });

  it('keeps a journal entry with an unknown op aside', async () => {
    const path = statePathIn(tempDir());
    appendFileSync(`${path}.journal`, JSON.stringify({ op: 'explode', key: 'a' }) + '\n');
    await expect(StateStore.open(path)).rejects.toThrow(/line 1: unknown op "explode"/);
    expect(existsSync(`${path}.journal`)).toBe(false);
  });

  it('without the lock it is a read-only snapshot', async () => {
    const path = statePathIn(tempDir());
    const writer = await StateStore.open(path);
    writer.bind('a', { id: '1' });
    const reader = await StateStore.open(path, { lock: false });
    expect([...reader.bindings().keys()]).toEqual(['a']);
    expect(() => reader.bind('b', { id: '2' })).toThrow(/opened read-only/);
    await expect(reader.save()).rejects.toThrow(/opened read-only/);
    await reader.close();
    await writer.close();
  });

  it('refuses changes after close', async () => {
    const store = await StateStore.open(statePathIn(tempDir()));
    await store.close();
    expect(() => store.bind('a', { id: '1' })).toThrow(/closed/);
    await store.close();
  });

  it('hands out read-only copies, so callers cannot change the state behind its back', async () => {
    const store = await StateStore.open(statePathIn(tempDir()));
    store.bind('a', { id: '1', written: { invite_need_confirm: true } });
    const seen = store.bindings().get('a') as { id: string; written: { invite_need_confirm: boolean } };
    expect(() => (seen.id = 'changed')).toThrow(TypeError);
    expect(() => (seen.written.invite_need_confirm = false)).toThrow(TypeError);
    expect(store.bindings().get('a')).toEqual({ id: '1', written: { invite_need_confirm: true } });
    store.bind('a', { id: '2' });
    expect(seen).toEqual({ id: '1', written: { invite_need_confirm: true } });
    expect(store.bindings().get('a')).toEqual({ id: '2' });
    await store.close();
  });
});

describe('temporary files a killed save left behind', () => {
  it('are removed by the next locked open when their process is gone, and only then', async () => {
    const dir = tempDir();
    const path = statePathIn(dir);
    const dead = `.${basename(path)}.${deadPid()}.abcd1234.tmp`;
    const live = `.${basename(path)}.${process.pid}.abcd1234.tmp`;
    const other = `.other.json.2147483646.abcd1234.tmp`;
    for (const name of [dead, live, other]) writeFileSync(join(dir, name), '{}');
    const store = await StateStore.open(path);
    await store.close();
    expect(existsSync(join(dir, dead))).toBe(false);
    expect(existsSync(join(dir, live))).toBe(true);
    expect(existsSync(join(dir, other))).toBe(true);
  });
});

describe('one key at a time', () => {
  it('binding(key) and intent(key) answer like the views, with copies', async () => {
    const store = await StateStore.open(statePathIn(tempDir()));
    store.recordIntent({ key: 'b', owner: 'alice', started: 1 });
    store.bind('a', { id: '1' });
    expect(store.binding('a')).toEqual(store.bindings().get('a'));
    expect(store.binding('b')).toBeUndefined();
    expect(store.intent('b')).toEqual({ key: 'b', owner: 'alice', started: 1 });
    (store.binding('a') as { id: string }).id = 'changed';
    expect(store.binding('a')).toEqual({ id: '1' });
    await store.close();
  });
});

describe('lineage and serial', () => {
  it('an old state file without them is upgraded on its first write, and the lineage never changes after', async () => {
    const path = statePathIn(tempDir());
    writeFileSync(path, JSON.stringify({ version: 1, bindings: { old: { id: '7' } }, intents: {} }));
    const store = await StateStore.open(path);
    expect(store.lineage).toBeUndefined();
    expect(store.serial).toBe(0);
    await store.close();
    const { lineage, serial } = JSON.parse(readFileSync(path, 'utf8')) as { lineage: string; serial: number };
    expect(lineage).toMatch(/^[0-9a-f-]{36}$/);
    expect(serial).toBe(0);

    const again = await StateStore.open(path);
    again.bind('new', { id: '8' });
    await again.close();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ lineage, serial: 1 });
  });

  it('two state files get two lineages', async () => {
    const [a, b] = [statePathIn(tempDir()), statePathIn(tempDir())];
    for (const p of [a, b]) await (await StateStore.open(p)).close();
    const lineageOf = (p: string) => (JSON.parse(readFileSync(p, 'utf8')) as { lineage: string }).lineage;
    expect(lineageOf(a)).not.toBe(lineageOf(b));
  });

  it('the serial counts changes of the bindings only: not intents, not a bind to the same group', async () => {
    const path = statePathIn(tempDir());
    const store = await StateStore.open(path);
    store.recordIntent({ key: 'a', owner: 'alice', started: 1 });
    expect(store.serial).toBe(0);
    store.bind('a', { id: '1' });
    store.bind('a', { id: '1' });
    expect(store.serial).toBe(1);
    store.setWritten('a', { invite_need_confirm: true });
    store.setWritten('a', { invite_need_confirm: true });
    expect(store.serial).toBe(2);
    store.unbind('a');
    store.unbind('a');
    expect(store.serial).toBe(3);
    await store.close();
    expect((await StateStore.open(path, { lock: false })).serial).toBe(3);
  });

  it('replaying a journal over a file that already holds it keeps the serial', async () => {
    const path = statePathIn(tempDir());
    const store = await StateStore.open(path);
    store.bind('a', { id: '1' });
    store.bind('b', { id: '2' });
    copyFileSync(`${path}.journal`, `${path}.kept`);
    await store.save();
    await store.close();
    copyFileSync(`${path}.kept`, `${path}.journal`);
    const again = await StateStore.open(path, { lock: false });
    expect(again.serial).toBe(2);
  });
});

describe('the groupid verdict (issue 24, chosen ids)', () => {
  it('is journaled at once, kept through close and open, and leaves the serial alone', async () => {
    const path = statePathIn(tempDir());
    const store = await StateStore.open(path);
    expect(store.groupid).toBeUndefined();
    store.recordGroupid('ignored');
    // Durable before save: a kill -9 now keeps it (the journal holds it).
    expect(readFileSync(`${path}.journal`, 'utf8')).toContain('"op":"groupid"');
    await store.close();
    const again = await reopen(path);
    expect(again.groupid).toBe('ignored');
    expect(again.serial).toBe(0);
    again.recordGroupid('honoured');
    await again.close();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ groupid: 'honoured', serial: 0 });
  });
});

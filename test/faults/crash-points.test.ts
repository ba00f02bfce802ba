/**
 * Kill points the random loop may take long to hit, set up exactly: the state file and the
 * live groups as an apply killed at that moment leaves them, then one more apply, which
 * must bind what was created, create what was not, and create nothing twice.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { StateStore, type CreateIntent } from '../../src/state/index.js';
import { tempDir } from '../helpers/cli.js';
import { applyOnce } from './harness.js';
import { CONFIG_DIR, duplicateGroups, STATE_FILE } from './scenario.js';

const USERS = ['ops-bot', 'alice', 'bob'];

interface CrashPoint {
  name: string;
  config: string;
  /** Creates whose intent was on disk when apply died. */
  intents: Array<Omit<CreateIntent, 'started'>>;
  /** Of those, the ones whose create reached the server: group name -> owner. */
  created: Array<{ name: string; owner: string }>;
  /** Live groups by (owner / name) once the next apply is done. */
  expected: Record<string, string>;
}

/** An unnamed and a named create of the same owner: the look-up must not mix them up. */
const TWO_CREATES_OF_ONE_OWNER = `
groups:
  a-unnamed:
    owner: ops-bot
    description: no name managed
  b-named:
    name: Bravo
    owner: ops-bot
`;

const CASES: CrashPoint[] = [
  {
    name: 'two creates of one owner in flight, the named one done: the unnamed one does not take its group',
    config: TWO_CREATES_OF_ONE_OWNER,
    intents: [
      { key: 'a-unnamed', owner: 'ops-bot' },
      { key: 'b-named', owner: 'ops-bot', name: 'Bravo' },
    ],
    created: [{ name: 'Bravo', owner: 'ops-bot' }],
    expected: { 'a-unnamed': 'ops-bot / ', 'b-named': 'ops-bot / Bravo' },
  },
  {
    name: 'two creates of one owner in flight, both done',
    config: TWO_CREATES_OF_ONE_OWNER,
    intents: [
      { key: 'a-unnamed', owner: 'ops-bot' },
      { key: 'b-named', owner: 'ops-bot', name: 'Bravo' },
    ],
    created: [
      { name: 'Bravo', owner: 'ops-bot' },
      { name: '', owner: 'ops-bot' },
    ],
    expected: { 'a-unnamed': 'ops-bot / ', 'b-named': 'ops-bot / Bravo' },
  },
  {
    name: 'a create done but not yet bound is bound, not made again',
    config: `
groups:
  c:
    name: Charlie
    owner: alice
`,
    intents: [{ key: 'c', owner: 'alice', name: 'Charlie' }],
    created: [{ name: 'Charlie', owner: 'alice' }],
    expected: { c: 'alice / Charlie' },
  },
  {
    name: 'a create recorded but never sent is made',
    config: `
groups:
  c:
    name: Charlie
    owner: alice
`,
    intents: [{ key: 'c', owner: 'alice', name: 'Charlie' }],
    created: [],
    expected: { c: 'alice / Charlie' },
  },
];

describe('apply after a kill at a chosen moment', () => {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it.each(CASES)('$name', async ({ config, intents, created, expected }) => {
    emulator = await startEmulator({ quiet: true, seed: { users: USERS, groups: [] } });
    const dir = tempDir({ [`${CONFIG_DIR}/groups.yaml`]: config });
    const state = await StateStore.open(path.join(dir, STATE_FILE));
    const started = Date.now();
    for (const intent of intents) state.recordIntent({ ...intent, started });
    await state.close();
    for (const g of created) emulator.store.createGroup({ groupname: g.name, owner: g.owner, public: false });

    const result = await applyOnce(dir, emulator);
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);

    const after = await StateStore.open(path.join(dir, STATE_FILE), { lock: false });
    const live = Object.fromEntries(
      [...after.bindings()].map(([key, { id }]) => {
        const g = emulator!.store.getGroup(id);
        return [key, g ? `${g.owner} / ${g.groupname}` : `missing ${id}`];
      }),
    );
    expect(live).toEqual(expected);
    expect(duplicateGroups(emulator)).toEqual([]);
    expect(emulator.store.groupCount()).toBe(Object.keys(expected).length);
  });
});

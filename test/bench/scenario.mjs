/**
 * The benchmark's world: N live groups as the emulator holds them and the config that
 * declares them, with a fraction of the config drifted from live. Deterministic for a
 * given (N, drift, seed), so two machines bench the same plan.
 *
 * Every group: an owner, 1-5 admins, 5-30 plain members; every other group declares
 * `members:` (managed membership), the rest leave it out. With `settingsOnly` the config
 * declares neither `admins:` nor `members:` (a nightly drift check of settings: the config
 * was applied, so nothing is new in it and what drifts is live), and drift is settings
 * changes only, with no group to create. About 2% of the groups are
 * disabled live and in config. Drift picks a kind per drifted group from a weighted
 * table (below), so a plan holds the usual mix: settings changes, member adds and
 * removes (some above the 60-name batch), admin changes, owner transfers, disables,
 * enables, and a few new groups to create.
 */
import { makeRandom } from '../helpers/mulberry32.mjs';

const FIRST_ID = 228_000_000_000_001n;
const BASE_TIME = 1_700_000_000_000;
const MAX_USERS = 200;

/**
 * Weights of the drift kinds. Transfers are kept rare on purpose: they are rare in real
 * apps, and each one costs apply a safety re-read the minimum does not count (see test/bench/README.md).
 */
const MANAGED_KINDS = [
  ['settings', 25], ['add-members', 15], ['remove-members', 15], ['add-admin', 12],
  ['remove-admin', 5], ['transfer', 4], ['disable', 5], ['big-add', 5], ['mixed', 14],
];
const UNMANAGED_KINDS = [
  ['settings', 32], ['add-admin', 20], ['add-admin-new-user', 15], ['remove-admin', 10],
  ['transfer', 4], ['disable', 9], ['mixed', 10],
];

export { makeRandom };

/**
 * @returns {{ users: string[], live: object[], desired: object[], driftKinds: Record<string, number> }}
 *   `live`: emulator group records (members include admins, owner excluded);
 *   `desired`: config groups ({ key, id?, settings, owner, admins, members?, disabled? }).
 */
export function makeScenario({ groups: n, drift, seed = 1, settingsOnly = false }) {
  const random = makeRandom(seed);
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const userCount = Math.max(500, 2 * n);
  const users = Array.from({ length: userCount }, (_, i) => `u${String(i).padStart(7, '0')}`);
  const pickUsers = (count, taken) => {
    const picked = [];
    while (picked.length < count) {
      const user = users[Math.floor(random() * userCount)];
      if (!taken.has(user)) {
        taken.add(user);
        picked.push(user);
      }
    }
    return picked;
  };

  const live = [];
  const desired = [];
  const driftKinds = {};
  for (let i = 0; i < n; i++) {
    const taken = new Set();
    const [owner] = pickUsers(1, taken);
    const admins = pickUsers(int(1, 5), taken);
    const plain = pickUsers(int(5, 30), taken);
    const settings = {
      name: `Group ${i}`,
      description: `Benchmark group ${i}`,
      public: i % 3 === 0,
      max_users: MAX_USERS,
      allow_invites: i % 4 === 0,
      members_only: i % 5 === 0,
      ...(i % 3 === 1 ? { custom: `team=${i % 97}` } : {}),
    };
    const disabled = i % 50 === 7;
    const id = (FIRST_ID + BigInt(i)).toString();
    live.push(liveRecord(id, settings, owner, admins, plain, disabled, BASE_TIME + i));
    const group = {
      key: `g${String(i).padStart(6, '0')}`,
      settings: { ...settings },
      owner,
      admins: [...admins],
      ...(i % 2 === 0 ? { members: [...plain] } : {}),
      ...(disabled ? { disabled: true } : {}),
    };
    if (random() < drift) {
      const kind = disabled ? 'enable' : settingsOnly ? 'settings' : pickKind(group.members ? MANAGED_KINDS : UNMANAGED_KINDS, random);
      applyDrift(kind, group, { plain, taken, pickUsers, int });
      driftKinds[kind] = (driftKinds[kind] ?? 0) + 1;
    }
    desired.push(settingsOnly ? withoutMembership(group) : group);
  }

  // A create also has plan list the app's groups once (CONTRACT.md: a group bound to no key may be imported).
  const creates = settingsOnly ? 0 : Math.max(1, Math.round(n * drift * 0.05));
  for (let j = 0; j < creates; j++) {
    const taken = new Set();
    const [owner] = pickUsers(1, taken);
    const created = {
      key: `new${String(j).padStart(6, '0')}`,
      settings: { name: `New group ${j}`, description: 'Created by the benchmark', public: false, max_users: MAX_USERS },
      owner,
      admins: pickUsers(2, taken),
      ...(j % 2 === 0 ? { members: pickUsers(10, taken) } : {}),
    };
    desired.push(settingsOnly ? withoutMembership(created) : created);
  }
  if (creates > 0) driftKinds.create = creates;
  return { users, live, desired, driftKinds };
}

/** A config that manages settings (and the owner) only: no `admins:`, no `members:`. */
function withoutMembership(group) {
  const { admins, members, ...rest } = group;
  return rest;
}

function liveRecord(id, settings, owner, admins, plain, disabled, created) {
  return {
    id,
    groupname: settings.name,
    description: settings.description,
    public: settings.public,
    maxusers: settings.max_users,
    allowinvites: settings.allow_invites,
    membersonly: settings.members_only,
    custom: settings.custom ?? '',
    owner,
    admins: [...admins],
    members: [...admins, ...plain],
    disabled,
    created,
  };
}

function pickKind(table, random) {
  const total = table.reduce((sum, [, w]) => sum + w, 0);
  let roll = random() * total;
  for (const [kind, weight] of table) {
    roll -= weight;
    if (roll < 0) return kind;
  }
  return table[table.length - 1][0];
}

/** Changes `group` (the config side) so that it differs from live in one way. */
function applyDrift(kind, group, { plain, taken, pickUsers, int }) {
  switch (kind) {
    case 'settings':
      group.settings.name += ' (renamed)';
      group.settings.description = `${group.settings.description}, updated`;
      return;
    case 'add-members':
      group.members.push(...pickUsers(int(1, 3), taken));
      return;
    case 'big-add':
      group.members.push(...pickUsers(65, taken));
      return;
    case 'remove-members': {
      const gone = new Set(plain.slice(0, int(1, 3)));
      group.members = group.members.filter((u) => !gone.has(u));
      return;
    }
    case 'add-admin': {
      const user = plain[plain.length - 1];
      group.admins.push(user);
      if (group.members) group.members = group.members.filter((u) => u !== user);
      return;
    }
    case 'add-admin-new-user':
      group.admins.push(...pickUsers(1, taken));
      return;
    case 'remove-admin': {
      const user = group.admins.pop();
      if (group.members) group.members.push(user);
      return;
    }
    case 'transfer': {
      const next = plain[0];
      const previous = group.owner;
      group.owner = next;
      if (group.members) group.members = [...group.members.filter((u) => u !== next), previous];
      return;
    }
    case 'disable':
      group.disabled = true;
      return;
    case 'enable':
      group.disabled = false;
      return;
    case 'mixed':
      applyDrift('settings', group, { plain, taken, pickUsers, int });
      if (group.members) {
        group.members = group.members.filter((u) => u !== plain[1]);
        group.members.push(...pickUsers(2, taken));
      }
      group.admins.push(plain[plain.length - 1]);
      if (group.members) group.members = group.members.filter((u) => u !== plain[plain.length - 1]);
      return;
    default:
      throw new Error(`unknown drift kind ${kind}`);
  }
}

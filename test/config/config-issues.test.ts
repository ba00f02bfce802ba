/**
 * One broken thing per case: the exact `file:line:col: field: message` line it produces.
 * Every case is one file `c.yaml`; lines are counted from 1 in the `yaml(...)` list.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { issueLines, useTree, yaml } from './helpers.js';

const tree = useTree();

const cases: { name: string; text: string; expected: string[] }[] = [
  {
    name: 'a misspelt field gets a did-you-mean',
    text: yaml('groups:', '  eng:', '    onwer: alice'),
    expected: [
      'c.yaml:3:5: groups.eng.onwer: unknown field "onwer"; did you mean "owner"?',
    ],
  },
  {
    name: 'an unknown field with nothing close lists the allowed ones',
    text: yaml('groups:', '  eng:', '    owner: alice', '    colour: blue'),
    expected: [
      'c.yaml:4:5: groups.eng.colour: unknown field "colour"; allowed: name, description, avatar, public, max_users, allow_invites, members_only, invite_need_confirm, custom, owner, admins, members, disabled, announcement, mute_all, scale, allow_list, block_list, id, ensure, protect',
    ],
  },
  {
    name: 'a misspelt top-level field',
    text: yaml('group:', '  eng:', '    owner: alice'),
    expected: [
      'c.yaml:1:1: group: unknown field "group"; did you mean "groups"?',
      'c.yaml:1:1: groups: is required: a config file declares `groups:`',
    ],
  },
  {
    name: 'a wrong type names what was expected and what was found',
    text: yaml('groups:', '  eng:', '    owner: alice', '    public: yes', '    max_users: "many"'),
    expected: [
      'c.yaml:4:13: groups.eng.public: expected a boolean, got string "yes"',
      'c.yaml:5:16: groups.eng.max_users: expected a whole number, got string "many"',
    ],
  },
  {
    name: 'a list left empty is null, reported at its key',
    text: yaml('groups:', '  eng:', '    owner: alice', '    members:'),
    expected: ['c.yaml:4:5: groups.eng.members: expected a list, got null (nothing)'],
  },
  {
    name: 'an unquoted id is a number that may lose digits: quote it',
    text: yaml('groups:', '  eng:', '    owner: alice', '    id: 228000000000000000001'),
    expected: [
      'c.yaml:4:9: groups.eng.id: expected a group id (a string), got number 228000000000000000001; quote it: id: "228000000000000000001"',
    ],
  },
  {
    name: 'an id outside the one group-id rule',
    text: yaml('groups:', '  eng:', '    owner: alice', '    id: "../abc"'),
    expected: ['c.yaml:4:9: groups.eng.id: "../abc" is not a group id (1 to 64 of A-Z, a-z, 0-9, "_" and "-")'],
  },
  {
    name: 'a name over the limit says how long it is',
    text: yaml('groups:', '  eng:', '    owner: alice', `    name: ${'n'.repeat(140)}`),
    expected: ['c.yaml:4:11: groups.eng.name: is 140 characters; the limit is 128'],
  },
  {
    name: 'a description over the limit, counted in characters not bytes',
    text: yaml('groups:', '  eng:', '    owner: alice', `    description: ${'é'.repeat(513)}`),
    expected: ['c.yaml:4:18: groups.eng.description: is 513 characters; the limit is 512'],
  },
  {
    name: 'a user id with capitals suggests the lowercase id',
    text: yaml('groups:', '  eng:', '    owner: Alice'),
    expected: [
      'c.yaml:3:12: groups.eng.owner: "Alice" is not a valid user id: use 1-64 characters of lowercase a-z, 0-9, "_", "." and "-" (ids are case-insensitive: write "alice")',
    ],
  },
  {
    name: 'a user id with a space',
    text: yaml('groups:', '  eng:', '    owner: alice', '    members: [bob, "carol smith"]'),
    expected: [
      'c.yaml:4:20: groups.eng.members[1]: "carol smith" is not a valid user id: use 1-64 characters of lowercase a-z, 0-9, "_", "." and "-"',
    ],
  },
  {
    name: 'a bad group key',
    text: yaml('groups:', '  Eng All:', '    owner: alice'),
    expected: [
      'c.yaml:2:3: groups.Eng All: group key "Eng All" is not valid: use 1-128 characters of lowercase a-z, 0-9, "_", "." and "-", starting with a letter or digit',
    ],
  },
  {
    name: 'a key YAML reads as a number must be quoted',
    text: yaml('groups:', '  007:', '    owner: alice', '  "008":', '    owner: alice'),
    expected: ['c.yaml:2:3: groups.7: key 007 is read by YAML as number 7; quote it'],
  },
  {
    name: 'the same user twice in a list, reported at the second',
    text: yaml('groups:', '  eng:', '    owner: alice', '    members:', '      - bob', '      - carol', '      - bob'),
    expected: ['c.yaml:7:9: groups.eng.members[2]: "bob" is listed twice (also item 1 of members)'],
  },
  {
    name: 'the owner among the admins',
    text: yaml('groups:', '  eng:', '    owner: alice', '    admins: [bob, alice]'),
    expected: [
      'c.yaml:4:19: groups.eng.admins[1]: "alice" is the owner; the owner is not an admin (list it as `owner` only)',
    ],
  },
  {
    name: 'an allow-listed user outside the declared members',
    text: yaml('groups:', '  eng:', '    owner: alice', '    members: [bob]', '    allow_list: [alice, bob, carol]'),
    expected: ['c.yaml:5:30: groups.eng.allow_list[2]: "carol" is not in members; the allow list takes members only (add it to members)'],
  },
  {
    name: 'a blocked owner, admin, member or allow-listed user',
    text: yaml('groups:', '  eng:', '    owner: alice', '    admins: [bob]', '    members: [carol]', '    allow_list: [dave]', '    block_list: [alice, bob, carol, dave]'),
    expected: [
      'c.yaml:6:18: groups.eng.allow_list[0]: "dave" is not in members; the allow list takes members only (add it to members)',
      'c.yaml:7:18: groups.eng.block_list[0]: "alice" is the owner; the owner is never blocked',
      'c.yaml:7:25: groups.eng.block_list[1]: "bob" is in admins; a blocked user is not a member (remove it from one of the two)',
      'c.yaml:7:30: groups.eng.block_list[2]: "carol" is in members; a blocked user is not a member (remove it from one of the two)',
      'c.yaml:7:37: groups.eng.block_list[3]: "dave" is in allow_list; a blocked user is not a member and cannot be on the allow list',
    ],
  },
  {
    name: 'more than 99 admins',
    text: yaml('groups:', '  eng:', '    owner: alice', `    admins: [${Array.from({ length: 100 }, (_, i) => `a${i}`).join(', ')}]`),
    expected: ['c.yaml:4:5: groups.eng.admins: lists 100 admins; the limit is 99 (owner + admins <= 100)'],
  },
  {
    name: 'owner, admins and members over max_users (the union is counted)',
    text: yaml('groups:', '  eng:', '    owner: alice', '    admins: [bob]', '    members: [alice, bob, carol]', '    max_users: 2'),
    expected: ['c.yaml:5:5: groups.eng.members: owner, admins and members come to 3 users; max_users is 2'],
  },
  {
    name: 'max_users from defaults is checked too, and says where it came from',
    text: yaml('defaults:', '  max_users: 2', 'groups:', '  eng:', '    owner: alice', '    admins: [bob, carol]'),
    expected: [
      'c.yaml:6:5: groups.eng.admins: owner, admins and members come to 3 users; max_users is 2 (from defaults at c.yaml:2:14)',
    ],
  },
  {
    name: 'max_users of zero',
    text: yaml('groups:', '  eng:', '    owner: alice', '    max_users: 0'),
    expected: ['c.yaml:4:16: groups.eng.max_users: must be at least 1, got number 0'],
  },
  {
    name: 'an unknown ensure value gets a did-you-mean',
    text: yaml('groups:', '  eng:', '    owner: alice', '    ensure: absent'),
    expected: ['c.yaml:4:13: groups.eng.ensure: expected "present" or "dismissed", got string "absent"'],
  },
  {
    name: 'a near-miss ensure value',
    text: yaml('groups:', '  eng:', '    owner: alice', '    ensure: dismiss'),
    expected: ['c.yaml:4:13: groups.eng.ensure: expected "present" or "dismissed", got string "dismiss"; did you mean "dismissed"?'],
  },
  {
    name: 'protect with ensure: dismissed is a contradiction',
    text: yaml('groups:', '  old:', '    id: "1"', '    ensure: dismissed', '    protect: true'),
    expected: ['c.yaml:5:5: groups.old.protect: `protect: true` contradicts `ensure: dismissed`; a protected group is never dismissed'],
  },
  {
    name: 'members kept in a group declared dismissed',
    text: yaml('groups:', '  old:', '    owner: alice', '    ensure: dismissed', '    members: [bob]', '    public: true'),
    expected: [
      'c.yaml:5:5: groups.old.members: is declared on a group with `ensure: dismissed`, which keeps no members, admins or settings; remove it, or the `ensure`',
      'c.yaml:6:5: groups.old.public: is declared on a group with `ensure: dismissed`, which keeps no members, admins or settings; remove it, or the `ensure`',
    ],
  },
  {
    name: 'name cannot be a default',
    text: yaml('defaults:', '  name: Team', 'groups: {}'),
    expected: ['c.yaml:2:3: defaults.name: "name" cannot be a default: defaults hold the settings (all but name) and disabled'],
  },
  {
    name: 'a misspelt default',
    text: yaml('defaults:', '  maxusers: 10', 'groups: {}'),
    expected: ['c.yaml:2:3: defaults.maxusers: unknown field "maxusers"; did you mean "max_users"?'],
  },
  {
    name: 'the same live id bound by two keys',
    text: yaml('groups:', '  a:', '    owner: alice', '    id: "42"', '  b:', '    owner: alice', '    id: "42"'),
    expected: ['c.yaml:7:9: groups.b.id: live group 42 is already bound by key "a" at c.yaml:4:9; one group, one key'],
  },
  {
    name: 'the same key twice in one file is a YAML error',
    text: yaml('groups:', '  a:', '    owner: alice', '  a:', '    owner: bob'),
    expected: ['c.yaml:4:3: yaml: key "a" is written twice in one mapping (first at line 2); keep one'],
  },
  {
    name: 'a YAML syntax error has its position',
    text: yaml('groups:', '  a:', '    owner: alice', '    admins: [bob', 'x'),
    expected: [
      'c.yaml:4:13: yaml: this [ is never closed: add the ] where the list ends',
      'c.yaml:5:1: yaml: Implicit map keys need to be followed by map values',
    ],
  },
  {
    name: 'two documents in one file',
    text: yaml('groups: {}', '---', 'groups: {}'),
    expected: ['c.yaml:2:1: yaml: Source contains multiple documents; please use YAML.parseAllDocuments()'],
  },
  {
    name: 'an empty file',
    text: '# nothing yet\n',
    expected: ['c.yaml:1:1: groups: the file is empty; a config file declares `groups:`'],
  },
  {
    name: 'a file that is a list',
    text: yaml('- a', '- b'),
    expected: ['c.yaml:1:1: (file): expected a mapping, got a list'],
  },
  {
    name: 'a bad value that came in through a merge key is reported where the anchor wrote it',
    text: yaml('x-base: &base', '  public: "no"', 'groups:', '  eng:', '    <<: *base', '    owner: alice'),
    expected: ['c.yaml:2:11: groups.eng.public: expected a boolean, got string "no"'],
  },
  {
    name: 'a moved key still declared under groups',
    text: yaml('groups:', '  ops:', '    owner: alice', '  operations:', '    owner: alice', 'moved:', '  - from: ops', '    to: operations'),
    expected: [
      'c.yaml:7:11: moved[0].from: "ops" is still declared under groups at c.yaml:2:3; a moved key must be gone from `groups` (rename it there to "operations")',
    ],
  },
  {
    name: 'a move to a key that is not declared',
    text: yaml('groups: {}', 'moved:', '  - from: ops', '    to: operations'),
    expected: ['c.yaml:4:9: moved[0].to: "operations" is not declared under groups; declare it (moved renames "ops" to a declared key)'],
  },
  {
    name: 'a move without its to',
    text: yaml('groups: {}', 'moved:', '  - from: ops'),
    expected: ['c.yaml:3:5: moved[0].to: is required'],
  },
  {
    name: 'a misspelt field of a move',
    text: yaml('groups:', '  b:', '    owner: alice', 'moved:', '  - from: a', '    too: b'),
    expected: ['c.yaml:5:5: moved[0].to: is required', 'c.yaml:6:5: moved[0].too: unknown field "too"; did you mean "to"?'],
  },
  {
    name: 'a key both declared and removed',
    text: yaml('groups:', '  ops:', '    owner: alice', 'removed: [ops]'),
    expected: ['c.yaml:4:11: removed[0]: "ops" is declared under groups at c.yaml:2:3; removed forgets a key that is gone from groups: drop one of the two'],
  },
  {
    name: 'a removed key that is not a valid key',
    text: yaml('removed: [Ops]'),
    expected: ['c.yaml:1:11: removed[0]: "Ops" is not a valid group key: use 1-128 characters of lowercase a-z, 0-9, "_", "." and "-", starting with a letter or digit'],
  },
  {
    name: 'a file with neither groups nor moved nor removed',
    text: yaml('defaults:', '  public: true'),
    expected: ['c.yaml:1:1: groups: is required: a config file declares `groups:`'],
  },
];

describe('config issues', () => {
  it.each(cases)('$name', async ({ text, expected }) => {
    const root = tree({ 'c.yaml': text });
    expect(await issueLines(['c.yaml'], root)).toEqual(expected);
  });
});

describe('moved: and removed: across files', () => {
  it('names both places of a key moved twice, moved to twice, removed twice, or moved and removed', async () => {
    const root = tree({
      'a.yaml': yaml('groups:', '  x:', '    owner: alice', 'moved:', '  - from: old', '    to: x', 'removed: [gone]'),
      'b.yaml': yaml('groups:', '  y:', '    owner: alice', 'moved:', '  - from: old', '    to: y', '  - from: other', '    to: x', 'removed: [gone, other]'),
    });
    expect(await issueLines(['a.yaml', 'b.yaml'], root)).toEqual([
      'b.yaml:5:11: moved[0].from: "old" is moved twice: here and at a.yaml:5:11',
      'b.yaml:8:9: moved[1].to: two keys are moved to "x": here and at a.yaml:6:9; one group, one key',
      'b.yaml:9:11: removed[0]: "gone" is removed twice: here and at a.yaml:7:11',
      'b.yaml:9:17: removed[1]: "other" is also moved at b.yaml:7:11; a key is moved or removed, not both',
    ]);
  });

  it('loads moved: and removed: from any file, sorted, with where they were written', async () => {
    const root = tree({
      'a.yaml': yaml('groups:', '  operations:', '    owner: alice'),
      'renames.yaml': yaml('moved:', '  - from: ops', '    to: operations', 'removed: [old-bot]'),
    });
    const state = await loadConfig(['a.yaml', 'renames.yaml'], { cwd: root });
    expect(state.moved).toEqual([{ from: 'ops', to: 'operations', source: { file: 'renames.yaml', line: 2, col: 11 } }]);
    expect(state.removed).toEqual([{ key: 'old-bot', source: { file: 'renames.yaml', line: 4, col: 11 } }]);
    expect([...state.groups.keys()]).toEqual(['operations']);
  });
});

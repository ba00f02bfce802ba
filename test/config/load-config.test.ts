import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig, validateConfig } from '../../src/config/load-config.js';
import { issueLines, useTree, yaml } from './helpers.js';

const tree = useTree();
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

describe('loadConfig', () => {
  it('loads every example in examples/', async () => {
    const state = await loadConfig(['examples'], { cwd: repoRoot });
    expect(state.files).toEqual([
      'examples/organisation/company.yaml',
      'examples/organisation/engineering.yaml',
      'examples/organisation/sales.yaml',
      'examples/small-team/groups.yaml',
    ]);
    expect([...state.groups.keys()]).toEqual([...state.groups.keys()].sort());
    expect(state.groups.size).toBe(11);
    expect(await validateConfig(['examples'], { cwd: repoRoot })).toEqual([]);
  });

  it('builds a group under config names, with its source position', async () => {
    const root = tree({
      'team.yaml': yaml(
        'groups:',
        '  eng-all:',
        '    name: Engineering',
        '    owner: alice',
        '    admins: [carol, bob]',
        '    members: [erin, alice, dave, bob]',
        '    max_users: 500',
        '    invite_need_confirm: false',
        '    id: "228000000000000"',
      ),
    });
    const state = await loadConfig(['team.yaml'], { cwd: root });
    expect(state.groups.get('eng-all')).toEqual({
      key: 'eng-all',
      source: { file: 'team.yaml', line: 2, col: 3 },
      id: '228000000000000',
      settings: { name: 'Engineering', max_users: 500, invite_need_confirm: false },
      owner: 'alice',
      // Sorted; members are the ones besides owner and admins, as the model defines them.
      admins: ['bob', 'carol'],
      members: ['dave', 'erin'],
      ensure: 'present',
      protect: false,
    });
  });

  it('leaves out what the config leaves out (not managed)', async () => {
    const root = tree({ 'a.yaml': yaml('groups:', '  a:', '    owner: alice') });
    const group = (await loadConfig(['a.yaml'], { cwd: root })).groups.get('a');
    expect(group).toEqual({ key: 'a', source: { file: 'a.yaml', line: 2, col: 3 }, settings: {}, owner: 'alice', ensure: 'present', protect: false });
  });

  it('merges defaults into each group of the same file; the group wins', async () => {
    const root = tree({
      'a.yaml': yaml(
        'defaults:',
        '  public: false',
        '  max_users: 500',
        '  disabled: false',
        'groups:',
        '  plain:',
        '    owner: alice',
        '  own:',
        '    owner: alice',
        '    public: true',
        '    disabled: true',
        '  old:',
        '    id: "7"',
        '    ensure: dismissed',
      ),
      'b.yaml': yaml('groups:', '  other-file:', '    owner: bob'),
    });
    const groups = (await loadConfig(['.'], { cwd: root })).groups;
    expect(groups.get('plain')).toMatchObject({ settings: { public: false, max_users: 500 }, disabled: false });
    expect(groups.get('own')).toMatchObject({ settings: { public: true, max_users: 500 }, disabled: true });
    // A group to be dismissed is not updated: defaults stay out of its plan.
    expect(groups.get('old')).toMatchObject({ settings: {}, ensure: 'dismissed' });
    expect(groups.get('old')).not.toHaveProperty('disabled');
    // Defaults belong to their file only.
    expect(groups.get('other-file')?.settings).toEqual({});
  });

  it('follows anchors, aliases and merge keys; a key written in the group wins', async () => {
    const root = tree({
      'a.yaml': yaml(
        'x-leads: &leads [bob, carol]',
        'x-base: &base',
        '  owner: alice',
        '  admins: *leads',
        '  members_only: true',
        'x-public: &public',
        '  public: true',
        'groups:',
        '  one:',
        '    <<: *base',
        '    name: One',
        '  two:',
        '    <<: [*base, *public]',
        '    owner: dave',
        '    members_only: false',
      ),
    });
    const groups = (await loadConfig(['a.yaml'], { cwd: root })).groups;
    expect(groups.get('one')).toMatchObject({ owner: 'alice', admins: ['bob', 'carol'], settings: { name: 'One', members_only: true } });
    expect(groups.get('two')).toMatchObject({ owner: 'dave', admins: ['bob', 'carol'], settings: { members_only: false, public: true } });
  });

  it('reads a folder recursively in sorted order, skipping hidden entries and other files', async () => {
    const root = tree({
      'groups/zeta.yaml': yaml('groups:', '  zeta:', '    owner: alice'),
      'groups/alpha.yml': yaml('groups:', '  alpha:', '    owner: alice'),
      'groups/teams/beta.YAML': yaml('groups:', '  beta:', '    owner: alice'),
      'groups/teams/deep/gamma.yaml': yaml('groups:', '  gamma:', '    owner: alice'),
      'groups/.hidden/ci.yaml': 'not: groupctl config',
      'groups/.draft.yaml': 'not: groupctl config',
      'groups/README.md': '# not config',
      'groups/groupctl.state.json': '{}',
    });
    const state = await loadConfig(['groups'], { cwd: root });
    expect(state.files).toEqual(['groups/alpha.yml', 'groups/teams/beta.YAML', 'groups/teams/deep/gamma.yaml', 'groups/zeta.yaml']);
    expect([...state.groups.keys()]).toEqual(['alpha', 'beta', 'gamma', 'zeta']);
  });

  it('reads a file named twice (directly and through its folder) once', async () => {
    const root = tree({ 'groups/a.yaml': yaml('groups:', '  a:', '    owner: alice') });
    const state = await loadConfig(['groups/a.yaml', 'groups'], { cwd: root });
    expect(state.files).toEqual(['groups/a.yaml']);
  });

  it('allows an empty groups mapping', async () => {
    const root = tree({ 'a.yaml': yaml('groups: {}') });
    expect((await loadConfig(['a.yaml'], { cwd: root })).groups.size).toBe(0);
  });

  it.each([
    ['a missing file', ['missing.yaml'], {}, ['missing.yaml: path: does not exist']],
    ['a folder without YAML', ['empty'], { 'empty/notes.txt': 'x' }, ['empty: path: is a folder without any *.yaml or *.yml file']],
  ])('reports %s, naming the path', async (_name, paths, files, expected) => {
    const root = tree({ 'other.yaml': 'groups: {}\n', ...files });
    expect(await issueLines(paths, root)).toEqual(expected);
  });

  it('a key declared in two files names both places', async () => {
    const root = tree({
      'a.yaml': yaml('groups:', '  eng:', '    owner: alice'),
      'b.yaml': yaml('groups:', '  ops:', '    owner: bob', '  eng:', '    owner: carol'),
    });
    expect(await issueLines(['.'], root)).toEqual(['b.yaml:4:3: groups.eng: group key "eng" is declared twice: here and at a.yaml:2:3']);
  });

  it('collects problems from every file instead of stopping at the first', async () => {
    const root = tree({
      'a.yaml': yaml('groups:', '  a:', '    owner: Alice'),
      'b.yaml': yaml('groups: [', ''),
      'c.yaml': yaml('groups:', '  c: {colour: blue}'),
    });
    const lines = await issueLines(['.'], root);
    expect(lines.map((line) => line.split(':')[0])).toEqual(['a.yaml', 'b.yaml', 'c.yaml']);
  });
});

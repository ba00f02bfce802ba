import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultStatePath } from '../../src/state/default-state-path.js';
import { useTempDir } from './helpers.js';

const tempDir = useTempDir();

describe('defaultStatePath', () => {
  it('puts the state inside the first PATH when it is a folder', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'groups'));
    expect(defaultStatePath([join(dir, 'groups'), join(dir, 'other.yaml')])).toBe(join(dir, 'groups', 'groupctl.state.json'));
  });

  it('puts the state beside the first PATH when it is a file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'team.yaml'), 'groups: {}\n');
    expect(defaultStatePath([join(dir, 'team.yaml')])).toBe(join(dir, 'groupctl.state.json'));
  });

  it.each([
    ['a missing .yaml file', 'nowhere/team.yaml', join('nowhere', 'groupctl.state.json')],
    ['a missing .yml file', 'nowhere/team.YML', join('nowhere', 'groupctl.state.json')],
    ['a missing folder', 'nowhere/groups', join('nowhere', 'groups', 'groupctl.state.json')],
    ['no PATH (the default groups/)', undefined, join('groups', 'groupctl.state.json')],
  ])('treats %s by its name', (_name, path, expected) => {
    expect(defaultStatePath(path === undefined ? [] : [path])).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { toConfig } from '../../src/export/to-config.js';
import type { LiveGroup } from '../../src/model/group.js';

const group = (id: string, name: string, created: number): LiveGroup => ({ id, settings: { name }, disabled: false, owner: 'alice', admins: [], members: ['alice'], created });

describe('toConfig', () => {
  it('orders groups created at the same moment by id in code-unit order, the same on every machine', () => {
    // A locale sorts "a" before "B" and may ignore "_" or "-"; code units put "B" (66) before "a" (97) and "-" before "_".
    const groups = [group('a1', 'Lower', 5), group('B1', 'Upper', 5), group('x_1', 'Underscore', 5), group('x-1', 'Dash', 5), group('z9', 'Oldest', 1)];
    const { bindings } = toConfig(groups, { members: false });
    expect([...bindings.values()]).toEqual(['z9', 'B1', 'a1', 'x-1', 'x_1']);
    expect([...bindings.keys()]).toEqual(['oldest', 'upper', 'lower', 'dash', 'underscore']);
  });
});

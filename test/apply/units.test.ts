import { describe, expect, it } from 'vitest';
import { cutIntoUnits } from '../../src/apply/units.js';
import type { Step } from '../../src/plan/types.js';
import { on } from './build-plan.js';

const g = on('eng', '228001');
const shape = (steps: Step[], size?: number) =>
  cutIntoUnits(steps.map((step, index) => ({ index, step })), size).map((u) =>
    u.kind === 'batch' ? `${u.action}[${u.items.map((i) => i.index).join(',')}]` : `${u.item.step.action}`,
  );

describe('cutting a group into units of work', () => {
  it('joins consecutive add-member steps and keeps the rest alone', () => {
    expect(shape([g.addMember('a'), g.addMember('b'), g.addAdmin('a'), g.addMember('c')])).toEqual([
      'add-member[0,1]',
      'add-admin',
      'add-member[3]',
    ]);
  });

  it('never joins adds with removes', () => {
    expect(shape([g.addMember('a'), g.removeMember('b'), g.removeMember('c'), g.addMember('d')])).toEqual([
      'add-member[0]',
      'remove-member[1,2]',
      'add-member[3]',
    ]);
  });

  it('cuts a long run at the batch size', () => {
    const steps = ['a', 'b', 'c', 'd', 'e'].map((u) => g.removeMember(u));
    expect(shape(steps, 2)).toEqual(['remove-member[0,1]', 'remove-member[2,3]', 'remove-member[4]']);
  });
});

/**
 * A group of 150,000 members planned at once (issue 23: linear everywhere). Spreading a
 * group's steps into a list as call arguments (`push(...steps)`) overflows V8's stack past
 * about 100,000; the planner adds them one by one (util/append.ts).
 */
import { describe, expect, it } from 'vitest';
import { desired, live, plan } from './builders.js';

describe('a bound group that gains 150,000 members', () => {
  it('plans one add-member step per member without overflowing the stack', () => {
    const members = Array.from({ length: 150_000 }, (_, i) => `u${i}`);
    const p = plan({
      groups: [desired('big', { members, settings: { max_users: 150_001 } })],
      live: [live('1', { settings: { name: 'G', max_users: 150_001 } })],
      bindings: { big: '1' },
    });
    expect(p.errors).toEqual([]);
    expect(p.steps.filter((s) => s.action === 'add-member')).toHaveLength(150_000);
  });
});

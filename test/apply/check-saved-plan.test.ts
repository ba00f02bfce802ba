import { describe, expect, it } from 'vitest';
import { checkSavedPlan } from '../../src/apply/check-saved-plan.js';
import type { Binding, LiveGroup } from '../../src/model/group.js';
import { on, planOf } from './build-plan.js';

const live = (owner: string): LiveGroup => ({ id: '1', settings: {}, disabled: false, owner, admins: [], members: [], created: 0 });
const fingerprint = (g: LiveGroup | null) => (g === null ? 'gone' : `owner=${g.owner}`);

const plan = planOf([on('eng', '1').addMember('dave'), on('ops', '2').enable(), on('new').create('alice')], {
  fingerprints: { '1': 'owner=alice', '2': 'owner=bob' },
  creates: ['new'],
});
const none = new Map<string, Binding>();

describe('checking a saved plan against fresh live state', () => {
  it('finds nothing when the touched groups are as they were', () => {
    const fresh = new Map([['1', live('alice')], ['2', live('bob')]]);
    expect(checkSavedPlan(plan, fresh, none, fingerprint)).toEqual([]);
  });

  it('names a group that changed and one that is gone', () => {
    const fresh = new Map<string, LiveGroup | null>([['1', live('carol')], ['2', null]]);
    expect(checkSavedPlan(plan, fresh, none, fingerprint)).toEqual([
      'eng (1) changed since the plan was made',
      'ops (2) no longer exists',
    ]);
  });

  it('names a key the plan creates that was bound meanwhile', () => {
    const fresh = new Map([['1', live('alice')], ['2', live('bob')]]);
    expect(checkSavedPlan(plan, fresh, new Map([['new', { id: '9' }]]), fingerprint)).toEqual([
      'new: the plan creates it, but it is now bound to group 9',
    ]);
  });

  it('refuses a touched group the plan holds no fingerprint of, or that was not read', () => {
    const partial = { ...plan, fingerprints: { '1': 'owner=alice' } };
    expect(checkSavedPlan(partial, new Map(), none, fingerprint)).toEqual([
      'eng (1): its live state was not read',
      'ops (2): the plan holds no fingerprint of it',
    ]);
  });

  it('treats group ids spelt like Object.prototype members as ordinary ids', () => {
    const odd = planOf([on('a', '__proto__').addMember('dave'), on('b', 'constructor').addMember('dave')], {
      // As a saved plan file reads back: JSON.parse makes `__proto__` an own key.
      fingerprints: JSON.parse('{"__proto__": "owner=alice"}') as Record<string, string>,
    });
    const fresh = new Map([['__proto__', live('alice')], ['constructor', live('alice')]]);
    expect(checkSavedPlan(odd, fresh, none, fingerprint)).toEqual(['b (constructor): the plan holds no fingerprint of it']);
  });
});

/**
 * When the allow_invites record (model/group.ts `written.allow_invites`) turns an update into
 * a warning, and when it does not: only while config asks for true, the group is public and
 * stays so, and live shows false. Anything else plans as without the record.
 */
import { describe, expect, it } from 'vitest';
import type { Settings } from '../../src/model/group.js';
import { briefs, desired, live, plan } from './builders.js';

const recorded = { g: { id: '100', written: { allow_invites: true } } };
const run = (want: Settings, have: Settings, bindings: Record<string, string | { id: string; written: { allow_invites: boolean } }> = recorded) => {
  const made = plan({ groups: [desired('g', { settings: want })], live: [live('100', { settings: have })], bindings });
  return { steps: briefs(made), warnings: made.warnings.map((w) => w.message) };
};

describe('allow_invites the service does not keep on a public group', () => {
  it('recorded, config true, live public with false: a warning and no update', () => {
    const { steps, warnings } = run({ allow_invites: true }, { public: true, allow_invites: false });
    expect(steps).toEqual([]);
    expect(warnings).toEqual([expect.stringContaining('group g: allow_invites: true does not take on a public group on this app; the service keeps false')]);
  });

  it('other changes of the same group are still planned, without allow_invites', () => {
    const { steps, warnings } = run({ allow_invites: true, name: 'New', public: true }, { name: 'Old', public: true, allow_invites: false });
    expect(steps).toEqual(['g update name:"Old"->"New"']);
    expect(warnings).toHaveLength(1);
  });

  it.each<[string, Settings, Settings, Record<string, string | { id: string; written: { allow_invites: boolean } }>?]>([
    ['no record: the first update is planned', { allow_invites: true }, { public: true, allow_invites: false }, { g: '100' }],
    ['a record that was cleared (false)', { allow_invites: true }, { public: true, allow_invites: false }, { g: { id: '100', written: { allow_invites: false } } }],
    ['the group was made private by hand', { allow_invites: true }, { public: false, allow_invites: false }],
    ['config makes it private', { allow_invites: true, public: false }, { public: true, allow_invites: false }],
  ])('%s: the update is planned and nothing warns', (_name, want, have, bindings) => {
    const { steps, warnings } = run(want, have, bindings);
    expect(steps.some((s) => s.includes('allow_invites:false->true'))).toBe(true);
    expect(warnings).toEqual([]);
  });

  it.each<[string, Settings, Settings]>([
    ['config asks for false', { allow_invites: false }, { public: true, allow_invites: false }],
    ['live shows true (the service kept it after all)', { allow_invites: true }, { public: true, allow_invites: true }],
  ])('%s: no step and no warning', (_name, want, have) => {
    expect(run(want, have)).toEqual({ steps: [], warnings: [] });
  });

  it('making a group public that holds allow_invites true sends allow_invites again, after public', () => {
    const { steps, warnings } = run({ public: true, allow_invites: true, name: 'New' }, { name: 'Old', public: false, allow_invites: true }, { g: '100' });
    expect(steps).toEqual(['g update name:"Old"->"New" public:false->true allow_invites:true->true']);
    expect(warnings).toEqual([]);
  });

  it.each<[string, Settings, Settings]>([
    ['config leaves allow_invites out', { public: true }, { public: false, allow_invites: true }],
    ['config asks for false (planned as a change)', { public: true, allow_invites: false }, { public: false, allow_invites: true }],
    ['the group stays private', { public: false, allow_invites: true, name: 'New' }, { name: 'Old', public: false, allow_invites: true }],
  ])('%s: allow_invites is not sent again', (_name, want, have) => {
    const { steps } = run(want, have, { g: '100' });
    expect(steps.some((s) => s.includes('allow_invites:true->true'))).toBe(false);
  });
});

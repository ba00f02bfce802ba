/**
 * Creates are matched against the live groups bound to no key (PlanInput.candidates):
 * a lost state file must never lead to a second group.
 */
import { describe, expect, it } from 'vitest';
import { brief, briefs, desired, live, plan } from './builders.js';

const eng = desired('eng', { settings: { name: 'Eng' }, admins: ['bob'], source: { file: 'groups/eng.yaml', line: 3, col: 3 } });
const row = (id: string, owner = 'alice', name = 'Eng') => ({ id, owner, name });

describe('a create that matches live groups bound to no key', () => {
  it('imports the one live group with the same owner and name, then makes it match the config', () => {
    const p = plan({ groups: [eng], candidates: [row('500')], live: [live('500', { settings: { name: 'Eng' }, members: ['carol'] })] });
    expect(briefs(p)).toEqual(['eng import 500', 'eng add-member bob', 'eng add-admin bob']);
    expect(p.steps[0]).toMatchObject({ group_id: '500', details: { owner: 'alice', name: 'Eng' } });
    expect(p.steps.every((s) => s.group_id === '500')).toBe(true);
    expect(p.creates).toEqual([]);
    expect(p.errors).toEqual([]);
  });

  it('matches owners case-insensitively and names exactly', () => {
    const p = plan({ groups: [eng], candidates: [row('500', 'ALICE'), row('501', 'alice', 'eng')], live: [live('500', { settings: { name: 'Eng' } })] });
    expect(briefs(p)[0]).toBe('eng import 500');
  });

  it('is a located error naming every id when several match, and creates nothing', () => {
    const p = plan({ groups: [eng], candidates: [row('502'), row('500')] });
    expect(p.steps).toEqual([]);
    expect(p.errors).toEqual([
      {
        group: 'eng',
        message: expect.stringMatching(/2 live groups .* owner alice and name "Eng" \(500, 502\).*id: .*\(groups\/eng\.yaml:3:3\)$/),
      },
    ]);
  });

  it('never takes a group some key is bound to, in config or only in the state file', () => {
    const p = plan({
      groups: [eng, desired('ops', { id: '501' })],
      candidates: [row('500'), row('501')],
      bindings: { gone: '500' },
      live: [live('501')],
    });
    expect(briefs(p).filter((b) => b.startsWith('eng'))[0]).toMatch(/^eng create/);
  });

  it('gives one live group to one key: a second key with the same owner and name is created', () => {
    const twin = desired('eng-2', { settings: { name: 'Eng' } });
    const p = plan({ groups: [eng, twin], candidates: [row('500')], live: [live('500', { settings: { name: 'Eng' } })] });
    expect(p.steps.filter((s) => s.action === 'import').map(brief)).toEqual(['eng import 500']);
    expect(p.steps.filter((s) => s.action === 'create').map((s) => s.group)).toEqual(['eng-2']);
  });

  it('creates when nothing matches, when the match is gone, and when the config has no name to match', () => {
    expect(briefs(plan({ groups: [eng], candidates: [row('500', 'bob')] }))[0]).toMatch(/^eng create/);
    expect(briefs(plan({ groups: [eng], candidates: [row('500')], missing: ['500'] }))[0]).toMatch(/^eng create/);
    const unnamed = desired('eng', {});
    expect(briefs(plan({ groups: [unnamed], candidates: [row('500')] }))[0]).toMatch(/^eng create/);
  });

  it('refuses to guess when the matching group was not read', () => {
    const p = plan({ groups: [eng], candidates: [row('500')] });
    expect(p.errors[0]?.message).toMatch(/the live state of id 500 was not read/);
  });

  it('imports in place of re-creating a bound group that is gone', () => {
    const p = plan({ groups: [eng], bindings: { eng: '400' }, missing: ['400'], candidates: [row('500')], live: [live('500', { settings: { name: 'Eng' }, members: ['bob'], admins: ['bob'] })] });
    expect(briefs(p)).toEqual(['eng import 500']);
  });
});

import { describe, expect, it } from 'vitest';
import type { LiveGroup } from '../../src/model/group.js';
import { decodeSavedPlan, PlanDecodeError } from '../../src/plan/decode-plan.js';
import { digestPlan, sealPlan } from '../../src/plan/fingerprint.js';
import type { Plan, Step } from '../../src/plan/types.js';
import { renderJson } from '../../src/render/render-json.js';
import { makeTestPlan, samplePlan, step } from '../render/plan-builders.js';

const liveOf = (id: string): LiveGroup => ({ id, settings: { name: 'x' }, disabled: false, owner: 'alice', admins: [], members: ['bob'], created: 1 });
const live = new Map(['228001', '228003'].map((id) => [id, liveOf(id)]));

function saved(plan: Plan = samplePlan(), state = { lineage: 'lin-1', serial: 4 }): string {
  return renderJson(sealPlan(plan, live, state));
}

/** The saved JSON, edited, with the digest left as it was (what a hand edit does). */
function edited(edit: (json: any) => void, text = saved()): string {
  const json = JSON.parse(text);
  edit(json);
  return JSON.stringify(json);
}

function problemsOf(text: string): string[] {
  try {
    decodeSavedPlan(text);
  } catch (error) {
    expect(error).toBeInstanceOf(PlanDecodeError);
    return (error as PlanDecodeError).problems;
  }
  throw new Error('the plan was accepted');
}

describe('decoding a saved plan', () => {
  it('keeps a create\'s scale: large, and refuses any other scale', () => {
    const create: Step = { group: 'hall', action: 'create', details: { settings: { name: 'Hall', public: false }, owner: 'alice', members: [], scale: 'large' } };
    const plan = makeTestPlan([create]);
    const sealed = sealPlan(plan, live, { lineage: 'lin-1', serial: 4 });
    expect(decodeSavedPlan(renderJson(sealed)).steps[0]).toEqual(create);
    const problems = problemsOf(edited((json) => (json.steps[0].details.scale = 'huge'), renderJson(sealed)));
    expect(problems).toContain('steps[0].details.scale: "huge", expected "large"');
  });

  it('gives back exactly the plan that was saved, without the output-only risky marks', () => {
    const sealed = sealPlan(samplePlan(), live, { lineage: 'lin-1', serial: 4 });
    expect(renderJson(sealed)).toContain('"risky": true');
    const decoded = decodeSavedPlan(renderJson(sealed));
    expect(decoded).toEqual(sealed);
    expect(decoded.steps.some((s) => 'risky' in s)).toBe(false);
    expect(decoded).toMatchObject({ lineage: 'lin-1', serial: 4, digest: digestPlan(sealed) });
  });

  it('reads an import step and a plan made from a state file without a lineage', () => {
    const plan = makeTestPlan([
      { group: 'eng', group_id: '228001', action: 'import', details: { owner: 'alice', name: 'Eng' } } as Step,
      step.user('add-member', 'eng', '228001', 'dave'),
    ]);
    const decoded = decodeSavedPlan(saved(plan, { lineage: undefined as unknown as string, serial: 0 }));
    expect(decoded.steps[0]).toMatchObject({ action: 'import', group_id: '228001' });
    expect(decoded.lineage).toBeUndefined();
  });

  it.each<[string, (json: any) => void, RegExp]>([
    ['details: null', (j) => (j.steps[2].details = null), /steps\[2\]\.details: null, expected an object with user/],
    ['an unknown action', (j) => (j.steps[0].action = 'delete-everything'), /steps\[0\]\.action: "delete-everything" is not one of create, import/],
    ['a user that is not a user id', (j) => (j.steps[2].details.user = '../admin'), /steps\[2\]\.details\.user: "\.\.\/admin" is not a user id/],
    ['a group id that could change the URL', (j) => (j.steps[0].group_id = '1/../2'), /steps\[0\]\.group_id: "1\/\.\.\/2" is not a group id/],
    ['a key that is not a key', (j) => (j.steps[0].group = 'Eng All'), /steps\[0\]\.group: "Eng All" is not a group key/],
    ['a setting of the wrong type', (j) => (j.steps[0].details.changes.max_users.to = '500'), /changes\.max_users\.to: the string "500", expected a whole number >= 1/],
    ['an unknown setting', (j) => (j.steps[4].details.settings.colour = 'red'), /settings\.colour: not a setting/],
    ['an unknown field of a step', (j) => (j.steps[1].sudo = true), /steps\[1\]: unknown field "sudo"/],
    ['an unknown top-level field', (j) => (j.removed = ['eng-all']), /unknown field "removed"/],
    ['steps that are not a list', (j) => (j.steps = {}), /steps: an object, expected a list/],
    ['a summary that disagrees with the steps', (j) => (j.summary['add-admin'] = 1), /summary\.add-admin is 1, but the steps hold 2/],
    ['a step of an existing group without its id', (j) => delete j.steps[6].group_id, /steps\[6\]: dismiss of old-team names no group_id/],
    ['a wrong type inside a step', (j) => (j.steps[4].details.members = 'erin'), /^steps\[4\]\.details\.members: the string "erin", expected a list$/m],
    ['a wrong type deeper in a step', (j) => (j.steps[4].details.members[0] = 7), /^steps\[4\]\.details\.members\[0\]: the number 7, expected a user id$/m],
    ['a missing required field of a step', (j) => delete j.steps[1].details.to, /^steps\[1\]\.details: missing to$/m],
    ['a missing required field of the plan', (j) => delete j.unmanaged, /^missing unmanaged$/m],
    ['a very long value, cut short', (j) => (j.steps[2].details.user = 'A'.repeat(5000)), /^steps\[2\]\.details\.user: "A{56}\.\.\. is not a user id$/m],
    ['a summary without its actions, told on one line', (j) => (j.summary = { create: 1 }), /^summary: missing import, update, transfer, add-member, /m],
    ['an extra property of a step', (j) => (j.steps[2].details.admin = true), /^steps\[2\]\.details: unknown field "admin"$/m],
    ['a value out of range', (j) => (j.live_members = -1), /^live_members: -1, expected a whole number >= 0$/m],
    ['a name longer than the service allows', (j) => (j.steps[4].details.settings.name = 'x'.repeat(129)), /^steps\[4\]\.details\.settings\.name: 129 characters, expected at most 128$/m],
    ['a fingerprint of something that is not a group id', (j) => (j.fingerprints['1/2'] = 'x'), /^fingerprints: "1\/2" is not a group id$/m],
    ['a create that names a group id', (j) => (j.steps[4].group_id = '228009'), /^steps\[4\]: a create step cannot name a group_id$/m],
    ['a move without the key it comes from', (j) => delete j.binding_changes[0].from, /^binding_changes\[0\]: a move needs the key it comes from$/m],
  ])('refuses %s, naming where', (_name, edit, expected) => {
    expect(problemsOf(edited(edit)).join('\n')).toMatch(expected);
  });

  it('refuses a step added, changed or removed by hand, although the file is well-formed', () => {
    const addStep = edited((j) => {
      j.steps.push({ group: 'eng-all', group_id: '228001', action: 'remove-member', details: { user: 'bob' } });
      j.summary['remove-member'] += 1;
    });
    const changeUser = edited((j) => (j.steps[2].details.user = 'mallory'));
    const dropStep = edited((j) => {
      j.steps.splice(3, 1);
      j.summary['remove-member'] -= 1;
    });
    const changeSerial = edited((j) => (j.serial = 9));
    for (const text of [addStep, changeUser, dropStep, changeSerial]) {
      expect(problemsOf(text)).toEqual([expect.stringMatching(/does not match its own digest: the file was changed after/)]);
    }
  });

  it('tells a step against the shape of its own action, not against every action', () => {
    const problems = problemsOf(edited((j) => (j.steps[2].details = { settings: {}, owner: 'dana' })));
    expect(problems).toEqual(['steps[2].details: missing user', 'steps[2].details: unknown field "settings"', 'steps[2].details: unknown field "owner"']);
  });

  it("tells a value the schema allows in several shapes by those shapes, not by each branch's failure", () => {
    expect(problemsOf(edited((j) => (j.steps[0].details.changes.name.from = 5)))).toEqual([
      'steps[0].details.changes.name.from: the number 5, expected a string or null',
    ]);
  });

  it('refuses a plan saved without the fields plan --out writes, naming them', () => {
    expect(problemsOf(edited((j) => delete j.guards && delete j.serial))).toEqual([
      'it has no guards, serial: it was not saved by "groupctl plan --out FILE"',
    ]);
  });

  it('refuses another format version, JSON that is not a plan, and a plan not saved by plan --out', () => {
    expect(problemsOf(edited((j) => (j.format_version = 2)))[0]).toMatch(/format_version is 2: the plan was made by a newer groupctl; this one reads format_version 1/);
    expect(problemsOf('[1, 2]')).toEqual(['not a JSON object']);
    expect(problemsOf('{"format_version": 1, "steps": [')[0]).toMatch(/^not JSON/);
    expect(problemsOf(renderJson(samplePlan()))).toEqual([expect.stringMatching(/not saved by "groupctl plan --out FILE"/)]);
  });

  it('names every problem of a badly broken file, up to a limit', () => {
    const problems = problemsOf(edited((j) => (j.steps = Array.from({ length: 50 }, () => ({ group: 'x', action: 'enable', details: null })))));
    expect(problems).toHaveLength(21);
    expect(problems.at(-1)).toMatch(/and \d+ more/);
  });
});

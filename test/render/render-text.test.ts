import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/render/render-text.js';
import type { Step } from '../../src/plan/types.js';
import { makeTestPlan, samplePlan, step } from './plan-builders.js';

const plain = { color: false };
const ESC = '\x1b';

describe('renderText', () => {
  it('renders a small plan like terraform, groups sorted by key, kept keys listed apart', () => {
    const plan = samplePlan();
    plan.errors.push({ group: 'eng-all', message: 'group eng-all: removing 3 of 4 members is over the guard' });
    plan.warnings.push({ group: 'design', message: 'group design: add "moved: [{from: old, to: design}]"' });
    plan.guards.forgets.count = 1;
    expect(renderText(plan, plain)).toBe(
      [
        'Error: group eng-all: removing 3 of 4 members is over the guard',
        'Warning: group design: add "moved: [{from: old, to: design}]"',
        '',
        'groupctl will perform the following actions:',
        '',
        '  # design (new group)',
        '    + create group',
        '    + owner: dana',
        '    + name: "Design"',
        '    + public: true',
        '    + member: erin',
        '    + admin: erin',
        '',
        '  # eng-all (228001)',
        '    ~ key: moved from eng-everyone (the binding follows; the group is kept)  # moved: in config',
        '    ~ name: "Eng" -> "Engineering"',
        '    ~ max_users: 200 -> 500',
        '    ~ owner: alice -> bob (!)  # owner changed in config',
        '    + admin: carol',
        '    - member: zed (!)  # not in config',
        '',
        '  # old-bot (228004)',
        '    - binding: group 228004 forgotten; the live group is left as it is  # removed: in config',
        '',
        '  # old-team (228003)',
        '    - dismiss group (!)',
        '',
        'Not in this configuration (bindings kept, nothing planned):',
        '  # legacy (228002)',
        '',
        'Guards: 1 binding forgotten (limit 3).',
        'Plan: 1 to create, 1 to change, 1 to dismiss, 1 to move, 1 to forget; 3 risky steps. 1 bound key not in this configuration is kept as it is.',
        'This plan has 1 error and cannot be applied.',
        '',
      ].join('\n'),
    );
  });

  it('says so when there is nothing to do', () => {
    expect(renderText(makeTestPlan([]), plain)).toBe('No changes. Live groups match the configuration.\n');
  });

  const oneStep: Array<{ name: string; step: Step; line: string }> = [
    { name: 'raise max_users', step: step.update('g', '1', { max_users: { from: 200, to: 500 } }), line: '~ max_users: 200 -> 500' },
    { name: 'set a setting the API does not show', step: step.update('g', '1', { invite_need_confirm: { from: null, to: false } }), line: '~ invite_need_confirm: (unknown) -> false' },
    { name: 'clear a description', step: step.update('g', '1', { description: { from: 'old', to: '' } }), line: '~ description: "old" -> ""' },
    { name: 'promote a member to owner', step: step.transfer('g', '1', 'alice', 'bob'), line: '~ owner: alice -> bob (!)' },
    { name: 'add a member', step: step.user('add-member', 'g', '1', 'dave'), line: '+ member: dave' },
    { name: 'remove a member', step: step.user('remove-member', 'g', '1', 'zed'), line: '- member: zed (!)' },
    { name: 'add an admin', step: step.user('add-admin', 'g', '1', 'carol'), line: '+ admin: carol' },
    { name: 'demote an admin', step: step.user('remove-admin', 'g', '1', 'bob'), line: '- admin: bob (!)' },
    { name: 'enable a group', step: step.bare('enable', 'g', '1'), line: '~ disabled: true -> false' },
    { name: 'disable a group', step: step.bare('disable', 'g', '1'), line: '~ disabled: false -> true (!)' },
    { name: 'dismiss a group', step: step.bare('dismiss', 'g', '1'), line: '- dismiss group (!)' },
    { name: 'a reason', step: step.user('add-member', 'g', '1', 'dave', 'owner-to-be must be a member'), line: '+ member: dave  # owner-to-be must be a member' },
    { name: 'a setting with a control character', step: step.update('g', '1', { name: { from: 'a', to: 'b\u001b[31m' } }), line: '~ name: "a" -> "b\\u001b[31m"' },
    { name: 'a reason with a control character', step: step.user('add-member', 'g', '1', 'dave', 'x\u001by'), line: '+ member: dave  # x\\u001by' },
  ];
  it.each(oneStep)('shows one line to $name', ({ step: s, line }) => {
    const lines = renderText(makeTestPlan([s]), plain).split('\n');
    expect(lines[2]).toBe('  # g (1)');
    expect(lines[3]).toBe(`    ${line}`);
  });

  it.each([
    { name: 'one group created', steps: [step.create('a', 'o', {})], summary: 'Plan: 1 to create, 0 to change, 0 to dismiss.' },
    {
      name: 'two changed groups, one risky step',
      steps: [step.user('add-member', 'a', '1', 'x'), step.user('add-member', 'a', '1', 'y'), step.user('remove-member', 'b', '2', 'z')],
      summary: 'Plan: 0 to create, 2 to change, 0 to dismiss; 1 risky step.',
    },
    { name: 'a dismissal', steps: [step.bare('dismiss', 'a', '1')], summary: 'Plan: 0 to create, 0 to change, 1 to dismiss; 1 risky step.' },
  ])('counts groups in the summary: $name', ({ steps, summary }) => {
    const text = renderText(makeTestPlan(steps), plain);
    expect(text.trimEnd().split('\n').at(-1)).toBe(summary);
  });

  it('lists errors before anything else, groupless ones first', () => {
    const plan = makeTestPlan([step.user('add-member', 'a', '1', 'x')], {
      errors: [
        { group: 'b', message: 'group b: second' },
        { message: 'config: first' },
        { group: 'a', message: 'group a: line one\nline two' },
      ],
    });
    expect(renderText(plan, plain).split('\n').slice(0, 5)).toEqual([
      'Error: config: first',
      'Error: group a: line one',
      '       line two',
      'Error: group b: second',
      '',
    ]);
  });

  it('writes no ANSI codes without colour, and the same text with colour once they are stripped', () => {
    const plan = samplePlan();
    const bare = renderText(plan, plain);
    const coloured = renderText(plan, { color: true });
    expect(bare).not.toContain(ESC);
    expect(coloured).toContain(`${ESC}[31m- member: zed${ESC}[0m`);
    expect(coloured.replace(/\x1b\[\d+m/g, '')).toBe(bare);
  });

  it('renders a group of 200,000 members (one line each) without overflowing the stack', () => {
    const members = Array.from({ length: 200_000 }, (_, i) => `u${i}`);
    const text = renderText(makeTestPlan([step.create('big', 'owner', { public: false }, members)]), plain);
    expect(text).toContain('    + member: u199999\n');
    expect(text.split('\n').filter((line) => line.startsWith('    + member: '))).toHaveLength(200_000);
  });

  it('does not depend on the order groups come in', () => {
    const plan = samplePlan();
    const reordered = { ...plan, steps: groupsReversed(plan.steps) };
    expect(renderText(reordered, plain)).toBe(renderText(plan, plain));
  });
});

/** Groups in reverse order, each group's steps in their own order. */
function groupsReversed(steps: Step[]): Step[] {
  const keys = [...new Set(steps.map((s) => s.group))].reverse();
  return keys.flatMap((k) => steps.filter((s) => s.group === k));
}

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { renderMarkdown } from '../../src/render/render-markdown.js';
import type { Step } from '../../src/plan/types.js';
import { makeTestPlan, samplePlan, step } from './plan-builders.js';

const NOTICE = /… \d+ more groups? not shown; run npx groupctl plan locally for the full plan\.$/;

describe('renderMarkdown', () => {
  it('renders a small plan: heading, errors, warnings, summary, guards, table, risky steps, folded groups, kept keys', () => {
    const plan = samplePlan();
    plan.errors.push({ group: 'eng-all', message: 'group eng-all: removing *3* of 4 <members>' });
    plan.warnings.push({ group: 'design', message: 'group design: add "moved: [{from: old, to: design}]"' });
    plan.guards.forgets.count = 1;
    expect(renderMarkdown(plan)).toBe(`### groupctl plan

#### ❌ This plan has 1 error and cannot be applied.

- group eng-all: removing \\*3\\* of 4 &lt;members&gt;

#### ⚠️ 1 warning

- group design: add &quot;moved: \\[{from: old, to: design}\\]&quot;

**Plan: 1 to create, 1 to change, 1 to dismiss, 1 to move, 1 to forget; 3 risky steps. 1 bound key not in this configuration is kept as it is.**

Guards: 1 binding forgotten (limit 3).

| action | count |
| --- | ---: |
| create | 1 |
| update | 1 |
| transfer ⚠️ | 1 |
| remove-member ⚠️ | 1 |
| add-admin | 2 |
| dismiss ⚠️ | 1 |

#### ⚠️ 3 risky steps

- \`eng-all\`: \`~ owner: alice -> bob\`
- \`eng-all\`: \`- member: zed\`
- \`old-team\`: \`- dismiss group\`

<details><summary><code>design</code> (new group): 2 steps</summary>

\`\`\`diff
+ create group
+ owner: dana
+ name: "Design"
+ public: true
+ member: erin
+ admin: erin
\`\`\`

</details>

<details><summary><code>eng-all</code> (228001): 4 steps, 2 risky ⚠️</summary>

\`\`\`diff
~ key: moved from eng-everyone (the binding follows; the group is kept)  # moved: in config
~ name: "Eng" -> "Engineering"
~ max_users: 200 -> 500
~ owner: alice -> bob (!)  # owner changed in config
+ admin: carol
- member: zed (!)  # not in config
\`\`\`

</details>

<details><summary><code>old-bot</code> (228004): 1 binding change</summary>

\`\`\`diff
- binding: group 228004 forgotten; the live group is left as it is  # removed: in config
\`\`\`

</details>

<details><summary><code>old-team</code> (228003): 1 step, 1 risky ⚠️</summary>

\`\`\`diff
- dismiss group (!)
\`\`\`

</details>

<details><summary>Not in this configuration (bindings kept, nothing planned): 1</summary>

\`\`\`text
legacy (228002)
\`\`\`

</details>
`);
  });

  it('says so when there is nothing to do', () => {
    expect(renderMarkdown(makeTestPlan([]))).toBe('### groupctl plan\n\n**No changes. Live groups match the configuration.**\n');
  });

  it('keeps a 20,000-step plan under 60,000 characters and ends with the notice', () => {
    const steps: Step[] = [];
    for (let g = 0; g < 400; g += 1) {
      for (let u = 0; u < 50; u += 1) {
        steps.push(step.user(u % 5 === 0 ? 'remove-member' : 'add-member', `team-${String(g).padStart(3, '0')}`, `228${g}`, `user-${u}`));
      }
    }
    const text = renderMarkdown(makeTestPlan(steps));
    expect(text.length).toBeLessThan(60_000);
    expect(text.trimEnd()).toMatch(NOTICE);
    expect(text).toContain('<code>team-000</code>');
    expect(text).toContain('| add-member | 16000 |');
    expect(text).toContain('- … and 3980 more, marked (!) in the groups below');
  });

  it('never cuts a group in half: every <details> it opens, it closes', () => {
    const steps = Array.from({ length: 3000 }, (_, i) => step.user('add-member', `g${i % 300}`, `${i % 300}`, `u${i}`));
    const text = renderMarkdown(makeTestPlan(steps), { limit: 5_000 });
    expect(text.length).toBeLessThanOrEqual(5_000);
    expect(text.split('<details>').length).toBe(text.split('</details>').length);
    expect(text.trimEnd()).toMatch(NOTICE);
  });

  it('shows at most 200 lines of one huge group and says how many steps are left out', () => {
    const steps = Array.from({ length: 5000 }, (_, i) => step.user('add-member', 'huge', '1', `u${i}`));
    const text = renderMarkdown(makeTestPlan(steps));
    expect(text).toContain('# … 4800 more steps not shown; run npx groupctl plan locally');
    expect(text).not.toMatch(NOTICE);
  });

  it('keeps a long list of errors first and within bounds', () => {
    const errors = Array.from({ length: 5000 }, (_, i) => ({ group: `g${i}`, message: `group g${i}: something is wrong here` }));
    const text = renderMarkdown(makeTestPlan([step.user('add-member', 'a', '1', 'x')], { errors }));
    expect(text.length).toBeLessThanOrEqual(60_000);
    expect(text).toMatch(/- … and \d+ more errors; run npx groupctl plan locally to see them all/);
    expect(text.indexOf('This plan has 5000 errors')).toBeLessThan(text.indexOf('**Plan:'));
  });

  it('keeps a multi-line error on one list item', () => {
    const text = renderMarkdown(makeTestPlan([], { errors: [{ message: 'group a: first line\n  second line' }] }));
    expect(text).toContain('\n- group a: first line second line\n');
  });

  it('uses a code fence that a value with backticks cannot close', () => {
    const text = renderMarkdown(makeTestPlan([step.update('g', '1', { description: { from: '', to: 'a ``` b' } })]));
    expect(text).toContain('````diff\n~ description: "" -> "a ``` b"\n````');
  });

  it('is never longer than the limit', () => {
    const stepArb = fc.record({
      group: fc.constantFrom('a', 'b', 'c`d', '<e>', 'f'.repeat(80)),
      user: fc.stringMatching(/^[a-z0-9_.-]{1,64}$/),
      action: fc.constantFrom('add-member' as const, 'remove-member' as const, 'add-admin' as const, 'remove-admin' as const),
    });
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 300 }), fc.array(fc.string({ maxLength: 400 }), { maxLength: 30 }), fc.integer({ min: 1, max: 20_000 }), (raw, messages, limit) => {
        const plan = makeTestPlan(
          raw.map((r) => step.user(r.action, r.group, '1', r.user)),
          { errors: messages.map((message) => ({ message })) },
        );
        expect(renderMarkdown(plan, { limit }).length).toBeLessThanOrEqual(limit);
      }),
      { numRuns: 200 },
    );
  });
});

describe('renderMarkdown: the allow and block lists', () => {
  it('shows each list step, marks blocks risky, and counts them in the summary table', () => {
    const plan = makeTestPlan([
      step.user('remove-allow', 'news', '228002', 'zed'),
      step.user('unblock', 'news', '228002', 'dave'),
      step.user('block', 'news', '228002', 'spam'),
      step.user('add-allow', 'news', '228002', 'carol'),
    ]);
    const md = renderMarkdown(plan);
    expect(md).toContain('| block ⚠️ | 1 |');
    expect(md).toContain('| add-allow | 1 |');
    expect(md).toContain('- `news`: `+ block_list: spam (no longer a member; cannot be added until unblocked)`');
    expect(md).not.toMatch(/`news`: `[-+] allow_list/);
    for (const line of ['- allow_list: zed', '- block_list: dave', '+ allow_list: carol']) expect(md).toContain(line);
  });
});

/**
 * The plan regrouped for people: one entry per config key, sorted by key, steps in
 * plan order (the order apply runs them), plus the counts summary lines are made of.
 */
import type { Plan, Step } from '../plan/types.js';
import { compareText, describeStep, printable, type StepView } from './describe-step.js';
import { plural } from '../util/plural.js';

export interface GroupView {
  /** Config key, printable. */
  key: string;
  /** Live id, when the group exists. */
  id?: string;
  /** True when the plan creates the group. */
  creates: boolean;
  /** True when the plan dismisses the group. */
  dismisses: boolean;
  /** True when the plan binds the key to an existing live group (an import step). */
  imports: boolean;
  /** True when the key is gone from config: the binding is dropped, the group kept. */
  unmanaged: boolean;
  steps: StepView[];
  riskyCount: number;
}

export interface Totals {
  /** Groups the plan creates. */
  create: number;
  /** Existing live groups the plan binds a key to (import steps). */
  import: number;
  /** Groups with steps that neither create nor dismiss them. */
  change: number;
  /** Groups the plan dismisses. */
  dismiss: number;
  /** Keys no longer managed. */
  unmanaged: number;
  /** Steps a reviewer should look at twice (RISKY_ACTIONS). */
  risky: number;
  errors: number;
}

export function viewGroups(plan: Plan): GroupView[] {
  const byKey = new Map<string, { id?: string; steps: Step[]; unmanaged: boolean }>();
  const entry = (key: string) => {
    let found = byKey.get(key);
    if (found === undefined) byKey.set(key, (found = { steps: [], unmanaged: false }));
    return found;
  };
  for (const step of plan.steps) {
    const group = entry(step.group);
    group.steps.push(step);
    group.id ??= step.group_id;
  }
  for (const { group, group_id } of plan.unmanaged) {
    const found = entry(group);
    found.unmanaged = true;
    found.id ??= group_id;
  }
  return [...byKey]
    .sort(([a], [b]) => compareText(a, b))
    .map(([key, { id, steps, unmanaged }]) => {
      const views = steps.map(describeStep);
      const view: GroupView = {
        key: printable(key),
        creates: steps.some((s) => s.action === 'create'),
        dismisses: steps.some((s) => s.action === 'dismiss'),
        imports: steps.some((s) => s.action === 'import'),
        unmanaged,
        steps: views,
        riskyCount: views.filter((v) => v.risky).length,
      };
      if (id !== undefined) view.id = printable(id);
      return view;
    });
}

export function countTotals(plan: Plan, groups: readonly GroupView[]): Totals {
  const withSteps = groups.filter((g) => g.steps.length > 0);
  const create = withSteps.filter((g) => g.creates).length;
  const dismiss = withSteps.filter((g) => !g.creates && g.dismisses).length;
  // An imported group counts as a change only when it needs more than the binding.
  const importOnly = withSteps.filter((g) => g.imports && g.steps.length === 1).length;
  return {
    create,
    import: withSteps.filter((g) => g.imports).length,
    change: withSteps.length - create - dismiss - importOnly,
    dismiss,
    unmanaged: groups.filter((g) => g.unmanaged).length,
    risky: groups.reduce((n, g) => n + g.riskyCount, 0),
    errors: plan.errors.length,
  };
}

/** "Plan: 2 to create, 5 to change, 0 to dismiss; 3 risky steps." or the no-changes line. */
export function summarySentence(totals: Totals): string {
  const { create, change, dismiss, unmanaged, risky } = totals;
  if (create + totals.import + change + dismiss + unmanaged === 0) return 'No changes. Live groups match the configuration.';
  const parts = [`${create} to create`, ...(totals.import > 0 ? [`${totals.import} to import`] : []), `${change} to change`, `${dismiss} to dismiss`];
  if (unmanaged > 0) parts.push(`${unmanaged} no longer managed`);
  const riskyPart = risky === 0 ? '' : `; ${plural(risky, 'risky step')}`;
  return `Plan: ${parts.join(', ')}${riskyPart}.`;
}

export function errorSentence(errors: number): string {
  return `This plan has ${plural(errors, 'error')} and cannot be applied.`;
}

/** Errors without a group first, then by group key; plan order otherwise. */
export function sortErrors(plan: Plan): Plan['errors'] {
  return [...plan.errors].sort((a, b) => compareText(a.group ?? '', b.group ?? ''));
}

/** The plain text of one line: `- member: zed (!)  # reason`. */
export function lineText(sign: string, text: string, risky: boolean, reason: string | undefined): string {
  return `${sign} ${text}${risky ? ' (!)' : ''}${reason === undefined ? '' : `  # ${reason}`}`;
}

export const NO_LONGER_MANAGED = 'no longer managed: binding dropped, group kept';

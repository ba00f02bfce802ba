/**
 * The plan regrouped for people: one entry per config key, sorted by key, steps in
 * plan order (the order apply runs them), plus the counts summary lines are made of.
 */
import { GUARD_NAMES, type BindingChange, type GuardName, type Plan, type Step } from '../plan/types.js';
import { describeStep, escapeControls, type ChangeLine, type StepView } from './describe-step.js';
import { compareText } from '../util/compare-text.js';
import { plural } from '../util/plural.js';

/** One group's part of a plan, gathered for the renderers. */
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
  steps: StepView[];
  /** Changes of the state file alone (bind, move, forget), before the steps. */
  changes: ChangeView[];
  riskyCount: number;
}

/** A binding change as lines, like a step. */
export interface ChangeView {
  lines: ChangeLine[];
  reason?: string;
}

/** A bound key the configuration does not declare: listed, kept, untouched. */
export interface KeptView {
  key: string;
  id: string;
}

/** The counts a plan's summary line gives. */
export interface Totals {
  /** Groups the plan creates. */
  create: number;
  /** Existing live groups the plan binds a key to (import steps). */
  import: number;
  /** Groups with steps that neither create nor dismiss them. */
  change: number;
  /** Groups the plan dismisses. */
  dismiss: number;
  /** Keys whose binding moves to them (`moved:`). */
  move: number;
  /** Bindings forgotten (`removed:`). */
  forget: number;
  /** `id:` bindings recorded. */
  bind: number;
  /** Bound keys not in this configuration (kept, no change). */
  kept: number;
  /** Steps a reviewer should look at twice (RISKY_ACTIONS). */
  risky: number;
  errors: number;
}

/** The plan's steps and binding changes by group, in a stable order every renderer shares. */
export function viewGroups(plan: Plan): GroupView[] {
  const byKey = new Map<string, { id?: string; steps: Step[]; changes: BindingChange[] }>();
  const entry = (key: string) => {
    let found = byKey.get(key);
    if (found === undefined) byKey.set(key, (found = { steps: [], changes: [] }));
    return found;
  };
  for (const change of plan.binding_changes ?? []) {
    const group = entry(change.group);
    group.changes.push(change);
    group.id ??= change.group_id;
  }
  for (const step of plan.steps) {
    const group = entry(step.group);
    group.steps.push(step);
    group.id ??= step.group_id;
  }
  return [...byKey]
    .sort(([a], [b]) => compareText(a, b))
    .map(([key, { id, steps, changes }]) => {
      const views = steps.map(describeStep);
      const view: GroupView = {
        key: escapeControls(key),
        creates: steps.some((s) => s.action === 'create'),
        dismisses: steps.some((s) => s.action === 'dismiss'),
        imports: steps.some((s) => s.action === 'import'),
        steps: views,
        changes: changes.map(describeChange),
        riskyCount: views.filter((v) => v.risky).length,
      };
      // A recreate's new group has no id yet; the id shown is the one it replaces.
      if (id !== undefined && !view.creates) view.id = escapeControls(id);
      return view;
    });
}

/** Bound keys not in this configuration, sorted by key. */
export function viewKept(plan: Plan): KeptView[] {
  return plan.unmanaged.map((u) => ({ key: escapeControls(u.group), id: escapeControls(u.group_id) }));
}

function describeChange(change: BindingChange): ChangeView {
  const lines: ChangeLine[] =
    change.change === 'bind'
      ? [{ sign: '+', text: `binding: group ${change.group_id} recorded in the state file` }]
      : change.change === 'move'
        ? [{ sign: '~', text: `key: moved from ${escapeControls(change.from ?? '')} (the binding follows; the group is kept)` }]
        : [{ sign: '-', text: `binding: group ${change.group_id} forgotten; the live group is left as it is` }];
  return change.reason === undefined ? { lines } : { lines, reason: escapeControls(change.reason) };
}

/** The summary's counts, computed once so text and markdown say the same. */
export function countTotals(plan: Plan, groups: readonly GroupView[]): Totals {
  const withSteps = groups.filter((g) => g.steps.length > 0);
  const create = withSteps.filter((g) => g.creates).length;
  const dismiss = withSteps.filter((g) => !g.creates && g.dismisses).length;
  const changes = plan.binding_changes ?? [];
  // An imported group counts as a change only when it needs more than the binding.
  const importOnly = withSteps.filter((g) => g.imports && g.steps.length === 1).length;
  return {
    create,
    import: withSteps.filter((g) => g.imports).length,
    change: withSteps.length - create - dismiss - importOnly,
    dismiss,
    move: changes.filter((c) => c.change === 'move').length,
    forget: changes.filter((c) => c.change === 'forget').length,
    bind: changes.filter((c) => c.change === 'bind').length,
    kept: plan.unmanaged.length,
    risky: groups.reduce((n, g) => n + g.riskyCount, 0),
    errors: plan.errors.length,
  };
}

/** "Plan: 2 to create, 5 to change, 0 to dismiss; 3 risky steps." or the no-changes line. */
export function summarySentence(totals: Totals): string {
  const { create, change, dismiss, move, forget, bind, kept, risky } = totals;
  const keptPart = kept === 0 ? '' : ` ${plural(kept, 'bound key')} not in this configuration ${kept === 1 ? 'is' : 'are'} kept as ${kept === 1 ? 'it is' : 'they are'}.`;
  // A plan with errors was not planned through, so it never claims the groups match (issue 22).
  if (create + totals.import + change + dismiss + move + forget + bind === 0 && totals.errors === 0) return `No changes. Live groups match the configuration.${keptPart}`;
  const parts = [`${create} to create`, ...(totals.import > 0 ? [`${totals.import} to import`] : []), `${change} to change`, `${dismiss} to dismiss`];
  if (move > 0) parts.push(`${move} to move`);
  if (forget > 0) parts.push(`${forget} to forget`);
  if (bind > 0) parts.push(`${bind} to bind`);
  const riskyPart = risky === 0 ? '' : `; ${plural(risky, 'risky step')}`;
  return `Plan: ${parts.join(', ')}${riskyPart}.${keptPart}`;
}

const GUARD_WORDS: Record<GuardName, (count: number) => string> = {
  removals: (n) => `${plural(n, 'membership')} removed`,
  recreates: (n) => `${plural(n, 'bound group')} created again`,
  forgets: (n) => `${plural(n, 'binding')} forgotten`,
};

/** "Guards: 3 memberships removed (limit 10)." for every guard with a count, or undefined. */
export function guardSentence(plan: Plan): string | undefined {
  if (plan.guards === undefined) return undefined;
  const parts = GUARD_NAMES.filter((name) => plan.guards[name].count > 0).map((name) => {
    const { count, limit } = plan.guards[name];
    return `${GUARD_WORDS[name](count)} (limit ${limit === null ? 'none' : limit})`;
  });
  return parts.length === 0 ? undefined : `Guards: ${parts.join(', ')}.`;
}

/** What a plan creating groups with chosen ids says about them; undefined for the service's ids (the default). */
export function idStrategySentence(plan: Plan): string | undefined {
  if (plan.id_strategy !== 'chosen') return undefined;
  return 'Creates use chosen ids derived from the state lineage and each key (id_strategy: chosen): a create whose answer is lost is adopted, never made twice.';
}

/** Warnings without a group first, then by group key. */
export function sortWarnings(plan: Plan): NonNullable<Plan['warnings']> {
  return [...(plan.warnings ?? [])].sort((a, b) => compareText(a.group ?? '', b.group ?? ''));
}

/** The sentence every renderer closes a plan with errors with. */
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

/** The heading over bound keys this configuration does not declare. */
export const NOT_IN_CONFIGURATION = 'Not in this configuration (bindings kept, nothing planned):';

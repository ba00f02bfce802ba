/**
 * The plan: plain, versioned, JSON-serialisable data. No printing and no I/O here;
 * renderers in src/render/ format it and src/apply/ acts on its steps only.
 */
import type { IdStrategy } from '../model/group.js';
import type { DetailsByAction } from './step-details.js';

/** The per-action details are part of the plan's types: importers of types.js get them too. */
export type * from './step-details.js';

/** The plan JSON's version: a reader refuses one it does not know (CHANGELOG.md says when it changes). */
export const PLAN_FORMAT_VERSION = 1;

/** What a step does. */
export type Action =
  /** Create a new group (owner and initial members in the same call). */
  | 'create'
  /**
   * Bind the key to an existing live group that no key is bound to and that has the
   * owner and name of the config (no API call): found when the state file has no binding.
   */
  | 'import'
  /** Modify settings (the modify call). */
  | 'update'
  /** Hand ownership to another member. */
  | 'transfer'
  /** Add one user to the group. */
  | 'add-member'
  /** Remove one user from the group. */
  | 'remove-member'
  /** Make one member an admin. */
  | 'add-admin'
  /** Demote one admin to a plain member. */
  | 'remove-admin'
  /** Lift a ban on the group (the enable call). */
  | 'enable'
  /** Ban the group (the disable call). */
  | 'disable'
  /** Only owner, admins and the allow list may speak (`POST /ban`). */
  | 'mute-all'
  /** Everyone may speak again (`DELETE /ban`). */
  | 'unmute-all'
  /** Replace the announcement (`POST /announcement`). */
  | 'set-announcement'
  /** Put one member on, or take one user off, the allow list (who may speak while muted). */
  | 'add-allow' | 'remove-allow'
  /** Bar one user from the group (the service removes the member with it), or lift the block so they may be added again. */
  | 'block' | 'unblock'
  /** Dismiss the group for good. */
  | 'dismiss';

/** Every action, in the order summaries list them. */
export const ACTIONS: readonly Action[] = [
  'create',
  'import',
  'update',
  'transfer',
  'add-member',
  'remove-member',
  'add-admin',
  'remove-admin',
  'enable',
  'disable',
  'mute-all',
  'unmute-all',
  'set-announcement',
  'add-allow',
  'remove-allow',
  'block',
  'unblock',
  'dismiss',
];

/** Steps a reviewer should look at twice; every renderer marks them. */
export const RISKY_ACTIONS: ReadonlySet<Action> = new Set<Action>([
  'transfer',
  'remove-admin',
  'remove-member',
  'disable',
  'block',
  'dismiss',
]);

/** Steps that change who may speak in a group: renderers point them out, without the risky mark. */
export const NOTABLE_ACTIONS: ReadonlySet<Action> = new Set<Action>(['mute-all']);

/** Whether renderers point a step of this action out (it silences a group's members). */
export function isNotable(action: Action): boolean {
  return NOTABLE_ACTIONS.has(action);
}

/** Whether renderers mark a step of this action for a second look. */
export function isRisky(action: Action): boolean {
  return RISKY_ACTIONS.has(action);
}

/** One step of a plan, for one group. */
export type Step = {
  [A in Action]: {
    /** Config key of the group. */
    group: string;
    /** Live group id; absent for a group this plan creates (apply fills it in from create); an import names the group it binds. */
    group_id?: string;
    action: A;
    details: DetailsByAction[A];
    /** Why the step is there, for a person only: apply never reads it. */
    reason?: string;
  };
}[Action];

export type { Candidate } from './candidate.js';

/**
 * A key the state file binds that this configuration does not declare (a file left out, a
 * key dropped for a while). Its binding stays and nothing is planned for it: listing it
 * is information, not a change (`--detailed-exitcode` ignores it).
 */
export interface Unmanaged {
  group: string;
  group_id: string;
  /** "not in this configuration", for a person only. */
  reason?: string;
}

/** What a binding change does to the state file; no API call is made for it. */
export type BindingChangeKind =
  /** Record the binding of a key bound by `id:` in config (not yet in the state file). */
  | 'bind'
  /** `moved:`: the binding of `from` becomes the binding of `group`; the group is kept. */
  | 'move'
  /** `removed:` (or `ensure: dismissed` of a group that is gone): drop the key's binding. */
  | 'forget';

/** A change of the state file alone, for one key. Apply makes these before any step. */
export interface BindingChange {
  change: BindingChangeKind;
  /** The key whose binding is recorded, taken over (move) or dropped. */
  group: string;
  group_id: string;
  /** For a move: the old key, whose binding `group` takes over. */
  from?: string;
  /** For a move onto a key whose own bound group no longer exists: that group's id, replaced. */
  replaces?: string;
  /** Why, for a person only: apply never reads it. */
  reason?: string;
}

/** A guard that counts something a plan does, and the most it allows. */
export type GuardName =
  /** Memberships ended: remove-member steps and the members of dismissed groups. */
  | 'removals'
  /** Bound groups that no longer exist live and would be created again. */
  | 'recreates'
  /** Bindings dropped from the state file. */
  | 'forgets';

/** Every guard, in the order plans list them. */
export const GUARD_NAMES: readonly GuardName[] = ['removals', 'recreates', 'forgets'];

/** What a guard counted in this plan, beside the most it allows. */
export interface GuardCount {
  count: number;
  /** The most allowed; null when unlimited (`--allow-recreate`). */
  limit: number | null;
}

/** A problem that makes the plan unsafe to apply (guards). Plans with errors are not applied. */
export interface PlanError {
  group?: string;
  message: string;
  /**
   * Set when the error is a guard's refusal: apply recounts that guard with its own
   * limits (its flags) instead of taking the plan's word.
   */
  guard?: GuardName;
}

/** Something a person should know that does not stop the plan (a suggested `moved:` entry). */
export interface PlanWarning {
  group?: string;
  message: string;
}

/** A plan: the steps that make the live groups match the config, and what apply checks before it runs them. */
export interface Plan {
  format_version: typeof PLAN_FORMAT_VERSION;
  /** Ordered: steps of one group run in this order; groups are independent. */
  steps: Step[];
  /** Steps per action, every action present (zeros included). */
  summary: Record<Action, number>;
  /**
   * Bound keys this configuration does not declare: kept, untouched, and not a change.
   * Sorted by key. (Before bindings became permanent, apply dropped these; it no longer does.)
   */
  unmanaged: Unmanaged[];
  /** Changes of the state file alone (bind, move, forget), sorted by key: a pending change each. */
  binding_changes: BindingChange[];
  /** Suggestions that do not stop the plan, sorted by key. */
  warnings: PlanWarning[];
  /** Every guard's count and limit (the same that apply checks), whether it refuses or not. */
  guards: Record<GuardName, GuardCount>;
  /** The `--target` patterns the plan was narrowed to; absent when it covers every key. */
  targets?: string[];
  /**
   * Fingerprint of the live state each touched group was planned from, by group id.
   * Filled by `plan --out`; `apply --plan` refuses when a group's fingerprint changed.
   */
  fingerprints?: Record<string, string>;
  /** Keys this plan creates: `apply --plan` refuses if any got bound meanwhile. */
  creates?: string[];
  /** Guard failures: a plan with errors must not be applied. */
  errors: PlanError[];
  /**
   * Members (owner excluded, admins included) across the live groups the plan was made
   * from: the base of apply's default removal guard (a fraction of it, as peribolos does).
   */
  live_members: number;
  /**
   * Keys of this plan bound to a live group id (by the state file or `id:`): the base of
   * the default recreate guard, max(3, 10% of them).
   */
  bound_groups: number;
  /** Bindings in the state file: the base of the default forget guard, max(3, 10% of them). */
  state_bindings: number;
  /**
   * Saved plans only (`plan --out`): the `lineage` of the state file the plan was made
   * from (absent when that file had none yet: no file, or one older than lineages).
   * `apply --plan` refuses a plan of another lineage.
   */
  lineage?: string;
  /**
   * Saved plans only: the app the plan was made against (`HOST/ORG/APP` or
   * `HOST/app-id/APPID`, no secret; engine/app-identity.ts). `apply --plan` refuses it on another app.
   */
  app?: string;
  /**
   * Present when the plan creates groups: who picks their ids (`service`, or `chosen`: ids
   * derived from the state lineage and the key; apply/chosen-ids.ts), decided by
   * `--id-strategy`, GROUPCTL_ID_STRATEGY, then the config's `id_strategy:`. `apply --plan`
   * creates with it and refuses a flag or variable that asks for the other.
   */
  id_strategy?: IdStrategy;
  /** Saved plans only: that state file's `serial`; `apply --plan` refuses when the bindings changed since. */
  serial?: number;
  /**
   * Saved plans only: sha256 (hex) of the plan's canonical JSON without this field, so a
   * saved plan edited by hand (a step added, a user changed) is refused instead of applied.
   */
  digest?: string;
}

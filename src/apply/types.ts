/** What apply takes and what it gives back. */
import type { Rerun } from '../util/rerun.js';
import type { GroupService } from '../api/service.js';
import type { GuardLimits } from '../plan/index.js';
import type { Action, Step } from '../plan/types.js';
import type { ApplyState } from './apply-state.js';
import type { IdStrategy } from './chosen-ids.js';

/** What applyPlan needs: the service, the state and the limits the guards apply. */
export interface ApplyOptions {
  service: GroupService;
  state: ApplyState;
  /**
   * Groups worked on at once; steps of one group always run one after another. Not the
   * transport's calls in flight (Connection.concurrency), which caps the wire beneath.
   */
  groupsAtOnce?: number;
  /** @deprecated The old name of groupsAtOnce (read only when it is not given); one of them is required. */
  concurrency?: number;
  /** Without it, a plan with dismiss steps is refused. */
  allowDismiss: boolean;
  /**
   * The guards' limits, the same GuardLimits the planner counts with (plan/guards.ts):
   * undefined = the default (removals max(10, 25% of live members), recreates and forgets
   * max(3, 10% of their base)), null = unlimited (`--allow-recreate`).
   */
  limits?: GuardLimits;
  /** @deprecated The old name of `limits.removals` (read only when limits has no removals). */
  maxRemovals?: number;
  /**
   * The caller counted the guards with these limits already (engine/apply-run.ts,
   * refusalsToApply), so a run counts them once; the binding changes are checked either way.
   */
  guardsChecked?: boolean;
  /** The command a hint names (the CLI's repeats the user's flags; util/rerun.ts); default the bare command. */
  rerun?: Rerun;
  /** Clock for create intents and the report's times, ms since epoch. */
  now?: () => number;
  /** Aborted (SIGINT/SIGTERM): no new step starts; the calls in flight get `graceMs` to end. */
  signal?: AbortSignal;
  /** How long calls in flight may take after `signal` aborts; default 10 s. */
  graceMs?: number;
  /** Who picks new groups' ids (chosen-ids.ts); default `service`. */
  idStrategy?: IdStrategy;
  /** The hook a view listens on (render/apply-progress.ts); an exception thrown here is ignored (a view must never stop an apply). */
  onEvent?: ApplyHook;
}

/** What became of a step: skipped steps never started (after a failure in their group, or an interruption). */
export type StepStatus = 'done' | 'failed' | 'skipped';

/** A plan step and what became of it. */
export type StepResult = Step & {
  status: StepStatus;
  /** Why it failed: the group, step and API message are in the surrounding text. */
  error?: string;
  /** Something a person should know: "already done", "skipped after ...". */
  note?: string;
};

/** The events a view hears, in the order they happen within a group. */
export type ApplyEvent =
  | { kind: 'step-started'; index: number; step: Step }
  | { kind: 'step-finished'; index: number; result: StepResult }
  | { kind: 'group-finished'; group: string; ok: boolean };

/**
 * What the engine tells a view as it works, Terraform's hooks: the engine knows no
 * terminal or file, the CLI picks the view.
 */
export type ApplyHook = (event: ApplyEvent) => void;

/** Results of one action, by status. */
export type ActionCounts = { done: number; failed: number; skipped: number };

/** What an apply did, step by step: the data every report view renders. */
export interface ApplyReport {
  /** Every plan step in plan order; steps after a create carry the id it returned. */
  steps: StepResult[];
  /** Every action present, zeros included. */
  summary: Record<Action, ActionCounts>;
  /** True when every step is done. */
  ok: boolean;
  /** ISO 8601. */
  started: string;
  finished: string;
  /** Keys whose binding was forgotten (`removed:`, or a dismissed group that was already gone). */
  unbound?: string[];
  /** Keys whose binding was recorded from `id:` in config. */
  bound?: string[];
  /** Key renames carried out (`moved:`). */
  moved?: { from: string; to: string }[];
  /** The run's API calls, filled in by the caller that owns the connection (apply itself knows no transport). */
  api?: ApiUse;
}

/** How the run used the API: calls, refusals and the rate it reached. */
export interface ApiUse {
  /** Requests sent, retries included. */
  requests: number;
  /** Answers that were 429 (the rate limit is shared with the app's own traffic). */
  status_429: number;
  /** Requests per second from the first to the last. */
  requests_per_second: number;
  /** Seconds from the first request to the last, and the most requests started within any one second. */
  seconds: number;
  peak_per_second: number;
  /** The configured rate limit, and the lowest rate 429s pushed the client down to. */
  rate_limit: number;
  lowest_rate: number;
}

/** The guards refused the plan before anything was changed. */
export class ApplyRefusedError extends Error {
  override readonly name = 'ApplyRefusedError';
  constructor(readonly problems: string[]) {
    super(`apply refused:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * The library entry (`import { loadConfig, makePlan, applyPlan } from 'groupctl'`): the
 * same stages the CLI runs, for people who embed groupctl. Each stage's own index decides
 * what is public; this file only gathers them.
 */

// Config: YAML files -> DesiredState (no network).
export { loadConfig, validateConfig, ConfigError, formatIssue, SCHEMA_URL } from './config/index.js';
export type { LoadOptions, ConfigIssue } from './config/index.js';

// Live state: the groups a plan needs, read once and normalised.
export { readLive, LiveReadError } from './live/index.js';
export type { ReadLiveOptions, LiveReadFailure } from './live/index.js';

// The planner (pure) and its data.
export { makePlan, withFingerprints, fingerprintGroup, ACTIONS, RISKY_ACTIONS, PLAN_FORMAT_VERSION, isRisky, defaultGuardLimits } from './plan/index.js';
export type * from './plan/types.js';
export type { PlanInput, GuardLimits } from './plan/index.js';

// The engine: what `groupctl plan` and `apply` run (the import pass, missing users, refusals,
// saved-plan checks), so the same inputs give the CLI's plan and refusals.
export {
  remoteSettings,
  openSession,
  planConfiguration,
  withRefusals,
  readSavedPlan,
  checkSavedPlanState,
  recheckSavedPlan,
  refusalsToApply,
  applyChecked,
  settleIntents,
  appIdentityOf,
  UserError,
} from './engine/index.js';
export type { ConnectionSettings, PlanScope, ServiceTarget, ServiceSession, SessionOptions, PlannedConfiguration } from './engine/index.js';

// Views: renderers of a plan and of an apply report.
export { renderText, renderJson, renderMarkdown, MARKDOWN_LIMIT, renderReportJson, renderReportSummary } from './render/index.js';
export type { TextOptions, MarkdownOptions } from './render/index.js';

// Apply: guards, the engine, interrupted creates, saved-plan checks.
export {
  applyPlan,
  checkApplyGuards,
  resolveIntents,
  checkSavedPlan,
  ApplyRefusedError,
  IntentConflictError,
} from './apply/index.js';
export type { ApplyEvent, ApplyOptions, ApplyReport, StepResult, ApplyState } from './apply/index.js';

// The state file of bindings.
export { StateStore, StateError, StateLockedError, defaultStatePath } from './state/index.js';
export type { StateData, CreateIntent } from './state/index.js';

// The API: connection from the environment, the service, its errors (a ServiceError is an ApiError read for the engine).
export { createGroupService, ConnectionError, HttpGroupService, ApiError, ServiceError, type ApiErrorKind } from './api/index.js';
// The CLI's own reading of the connection variables (cli/settings.ts, the one place any is read).
export { connectionFromEnv, type ConnectionFlags } from './cli/settings.js';
export type { Connection, GroupServiceHandle, GroupService, GroupSnapshot, GroupSummary, MemberAnswer, ApiCall, Refusal, ServiceErrorReason } from './api/index.js';

// Export: live groups -> configuration.
export { toConfig } from './export/index.js';
export type { ExportOptions, Exported } from './export/index.js';

// The emulator, for tests and demos of code that embeds groupctl.
export { startEmulator, GroupStore, EMULATOR_TOKEN } from './emulator/index.js';
export type { EmulatorOptions, RunningEmulator, StoreData } from './emulator/index.js';

// The domain vocabulary.
export { SETTING_NAMES, LIMITS } from './model/group.js';
export type { Settings, SettingName, DesiredGroup, DesiredState, LiveGroup, Binding, SourceRef } from './model/group.js';

/** The apply stage: guards, the engine (applyPlan, with its ApplyHook), interrupted creates, saved-plan checks; views are in render/. */
export { applyPlan } from './apply-later.js';
export { countResults } from './count-results.js';
export { checkPlanState, checkSavedPlan } from './check-saved-plan.js';
export { checkApplyGuards } from './guards.js';
export { resolveIntents, IntentConflictError } from './intents.js';
export { describeError } from './describe-error.js';
export { labelStep } from './step-label.js';
export { ApplyRefusedError } from './types.js';
export type { ActionCounts, ApiUse, ApplyEvent, ApplyHook, ApplyOptions, ApplyReport, StepResult, StepStatus } from './types.js';
export type { ApplyState, CreateIntent } from './apply-state.js';
export { ID_STRATEGIES, type IdStrategy } from './chosen-ids.js';

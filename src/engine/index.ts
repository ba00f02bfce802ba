/** The engine: settings as data, the session, the read and the plan (import pass, missing users, refusals), the saved-plan checks and the apply that the CLI and the library both run. */
export { idStrategyOf, remoteSettings, type ConnectionSettings, type PlanScope, type ServiceTarget } from './settings.js';
export { openSession, type ServiceSession, type SessionOptions } from './session.js';
export { readLiveGroups, readsOfConfig, type ReadProgress } from './read-live-groups.js';
export { planConfiguration, readAndPlan, withRefusals, type PlannedConfiguration } from './read-and-plan.js';
export { checkSavedPlanState, checkSavedPlanStrategy, readSavedPlan, recheckSavedPlan } from './saved-plan.js';
export { appIdentityOf, checkPlanApp, checkStateApp, recordStateApp } from './app-identity.js';
export { applyChecked, refusalsToApply, settleIntents } from './apply-run.js';
export { UserError } from './user-error.js';
export { runStats, timeCpu, writeRunStats } from './run-stats.js';
export { collectGarbageIfBloated } from './memory.js';

/** The apply stage: guards, the engine, intents, progress, report and saved-plan checks. */
export * from './apply-plan.js';
export { checkPlanState, checkSavedPlan } from './check-saved-plan.js';
export { createProgress, describeResult, type ProgressOptions } from './progress.js';
export { describeApiUse, renderReportJson, renderReportSummary, REPORT_FORMAT_VERSION } from './report.js';
export { describeError, describeStep } from './describe.js';

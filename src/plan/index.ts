/** The planner's public surface. */
export type * from './types.js';
export { ACTIONS, PLAN_FORMAT_VERSION, RISKY_ACTIONS, isRisky } from './types.js';
export { makePlan, type PlanInput } from './make-plan.js';
export { fingerprintCoverage, fingerprintGroup, withFingerprints } from './fingerprint.js';
export { READ_ALL, READ_DETAILS, joinReads, readsFor, readsForSteps, type LiveReads } from './reads.js';
export { countGuards, countRemovals, defaultGuardLimits, guardErrors, measureGuards, type GuardLimits } from './guards.js';
export { idsToRead, plannedId, resolveKeys } from './resolve-keys.js';
export { targetMatcher } from './targets.js';
export { resolveId } from './identity.js';

/** The planner, pure: makePlan (config + bindings + live -> Plan), saved plans (sealPlan, decodeSavedPlan), what to read live (readsFor, idsToRead), the guards and the Plan types. */
export type * from './types.js';
export { ACTIONS, PLAN_FORMAT_VERSION, RISKY_ACTIONS, isRisky } from './types.js';
export { makePlan, type PlanInput } from './make-plan.js';
export { usersAdded, usersNamed, usersToLookUp, withMissingUsers } from './missing-users.js';
export { digestPlan, fingerprintCoverage, fingerprintGroup, sealPlan, withFingerprints, type StateVersion } from './fingerprint.js';
export { decodeSavedPlan, PlanDecodeError } from './decode-plan.js';
export { READ_ALL, READ_DETAILS, joinReads, readsFor, readsForSteps, type LiveReads } from './reads.js';
export { countGuards, countRemovals, defaultGuardLimits, dismissRefusal, guardErrors, measureGuards, type GuardLimits } from './guards.js';
export { idsToRead, plannedId, resolveKeys, type ResolvedKeys } from './resolve-keys.js';
export { targetMatcher } from './targets.js';
export { checkOffline } from './check-offline.js';
export { withLimitErrors, type LiveCounts } from './limit-errors.js';

/** The planner's public surface. */
export type * from './types.js';
export { ACTIONS, PLAN_FORMAT_VERSION, RISKY_ACTIONS, isRisky } from './types.js';
export { makePlan, type PlanInput } from './make-plan.js';
export { fingerprintGroup, withFingerprints } from './fingerprint.js';
export { countRemovals } from './guards.js';
export { resolveId } from './identity.js';

/**
 * Fingerprints of the live state a plan was made from, so `apply --plan` can refuse when a
 * group it touches changed since (CONTRACT.md "Plan").
 */
import { createHash } from 'node:crypto';
import type { LiveGroup, LiveReads } from '../model/group.js';
import { READ_ALL, readsForSteps } from './reads.js';
import type { Plan } from './types.js';
import { sorted } from './sets.js';

/**
 * JSON with object keys sorted (code-unit order: util/compare-text.ts's, which is the native
 * sort's) and undefined fields dropped, so equal states hash equal. Written out by hand, not as
 * entries filtered, sorted and joined: a saved plan's digest and fingerprints of 10,000 groups
 * spent 76 ms there (issue 23). test/plan/canonical-json.test.ts pins the output to that form:
 * the digests of plans already saved must not change.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    // As join(): an undefined element (or a hole) is written as nothing.
    for (let i = 0; i < value.length; i++) out += `${i > 0 ? ',' : ''}${canonicalJson(value[i]) ?? ''}`;
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(record).sort()) {
    const field = record[key];
    if (field === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(field)}`;
  }
  return `${out}}`;
}

/**
 * sha256 (hex) of the group's canonical JSON, over the parts `covers` names (plan/reads.ts):
 * settings, owner and state always; admins and members only when the steps depend on them,
 * so a settings-only step is not refused over a member who joined meanwhile, and
 * `apply --plan` re-reads no admin list for it. A missing group has a fingerprint too.
 */
export function fingerprintGroup(group: LiveGroup | null, covers: LiveReads = READ_ALL): string {
  let canonical: unknown = null;
  if (group !== null) {
    const { admins, members, memberCount, announcement, allowList, blockList, ...details } = group;
    canonical = {
      ...details,
      ...(covers.announcement === true ? { announcement } : {}),
      ...(covers.allowList === true ? { allowList } : {}),
      ...(covers.blockList === true ? { blockList } : {}),
      ...(covers.admins ? { admins: admins === undefined ? undefined : sorted(admins) } : {}),
      ...(covers.members ? { members: sorted(members), memberCount } : {}),
    };
  }
  return createHash('sha256').update(canonicalJson(canonical)).digest('hex');
}

/** What each fingerprint of the plan covers, by group id: what that group's steps depend on. */
export function fingerprintCoverage(plan: Pick<Plan, 'steps'>): Map<string, LiveReads> {
  const stepsById = new Map<string, Array<Plan['steps'][number]>>();
  for (const step of plan.steps) {
    if (step.group_id === undefined) continue;
    const steps = stepsById.get(step.group_id);
    if (steps === undefined) stepsById.set(step.group_id, [step]);
    else steps.push(step);
  }
  return new Map([...stepsById].map(([id, steps]) => [id, readsForSteps(steps)]));
}

/** The plan with `fingerprints` for every group id its steps touch, sorted by id. */
export function withFingerprints(plan: Plan, live: ReadonlyMap<string, LiveGroup | null>): Plan {
  const coverage = fingerprintCoverage(plan);
  const fingerprints: Record<string, string> = {};
  for (const id of sorted(coverage.keys())) fingerprints[id] = fingerprintGroup(live.get(id) ?? null, coverage.get(id));
  return { ...plan, fingerprints };
}

/** What a saved plan records of the state file it was made from (see Plan.lineage). */
export interface StateVersion {
  lineage?: string;
  serial: number;
  /** The app the plan is made against (Plan.app). */
  app?: string;
}

/** sha256 (hex) of the plan's canonical JSON, its own `digest` left out. */
export function digestPlan(plan: Plan): string {
  return createHash('sha256').update(canonicalJson({ ...plan, digest: undefined })).digest('hex');
}

/**
 * The plan as `plan --out` saves it: fingerprints of the live groups it touches, the state
 * file's lineage and serial, and a digest over all of it (CONTRACT.md "Plan").
 */
export function sealPlan(plan: Plan, live: ReadonlyMap<string, LiveGroup | null>, state: StateVersion): Plan {
  const sealed: Plan = { ...withFingerprints(plan, live), serial: state.serial };
  if (state.lineage !== undefined) sealed.lineage = state.lineage;
  else delete sealed.lineage;
  if (state.app !== undefined) sealed.app = state.app;
  else delete sealed.app;
  return { ...sealed, digest: digestPlan(sealed) };
}

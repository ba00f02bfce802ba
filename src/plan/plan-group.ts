/** One desired group against what is live: identity first, then create, change or dismiss. */
import { liveMemberCount, type Binding, type DesiredGroup, type LiveGroup } from '../model/group.js';
import type { BindingChange, Candidate, PlanError, PlanWarning, Step } from './types.js';
import { desiredMembersOf, diffMembership, diffSettings } from './diff.js';
import { checkAdmins, checkCapacity, idNotFound, liveNotRead, livePartsNotRead, missingOwner, protectedDismiss, severalCandidates } from './plan-errors.js';
import { missingReads, readsFor } from './reads.js';
import { createMax, finalCount, orderCreate, orderExisting } from './order.js';
import { dismissStep, importStep } from './steps.js';
import { holdUnkeptInvites, resendInvitesWithPublic } from './unkept-invites.js';
import { createLists, diffLists, finalMembership, listErrors } from './lists.js';

/** Live groups bound to no key that a create may take (see PlanInput.candidates). */
export interface Claims {
  /** Candidates with this owner and name that nobody has taken. */
  find(owner: string, name: string): Candidate[];
  /** Takes a candidate for a key, so no other key imports it too. */
  claim(id: string, key: string): void;
}

/** What planning one key gives: its steps or its errors, and any change of the state file. */
export interface GroupOutcome {
  steps: Step[];
  errors: PlanError[];
  /** A change of the state file alone (no API call). */
  change?: BindingChange;
  /** The plan creates this key. */
  creates: boolean;
  /** Things that do not stop the plan (a setting the service does not keep). */
  warnings?: PlanWarning[];
}

const nothing = (): GroupOutcome => ({ steps: [], errors: [], creates: false });
const failed = (error: PlanError): GroupOutcome => ({ steps: [], errors: [error], creates: false });

/**
 * `id` is the resolved id (see plannedId); `live` holds every resolved id, null when the
 * group was not found.
 */
export function planGroup(
  desired: DesiredGroup,
  id: string | undefined,
  binding: Binding | undefined,
  live: ReadonlyMap<string, LiveGroup | null>,
  claims?: Claims,
): GroupOutcome {
  const found = id === undefined ? null : live.get(id);
  if (id !== undefined && found === undefined) return failed(liveNotRead(desired, id));

  if (desired.ensure === 'dismissed') {
    if (desired.protect) return failed(protectedDismiss(desired));
    if (found) {
      const step = dismissStep({ group: desired.key, id: found.id }, found.owner, 'ensure: dismissed in config', liveMemberCount(found) - 1);
      return { ...nothing(), steps: [step] };
    }
    if (binding) {
      const change: BindingChange = {
        change: 'forget',
        group: desired.key,
        group_id: binding.id,
        reason: `ensure: dismissed, and group ${binding.id} no longer exists`,
      };
      return { ...nothing(), change };
    }
    return nothing();
  }

  if (found) {
    const outcome = planExisting(desired, found, binding);
    // An `id:` binding is recorded like any other, so removing the line later changes nothing.
    if (binding?.id !== found.id) outcome.change = { change: 'bind', group: desired.key, group_id: found.id, reason: 'id: in config' };
    return outcome;
  }
  if (id !== undefined && desired.id !== undefined) return failed(idNotFound(desired, id));
  const adopted = claims && planImport(desired, live, claims);
  return adopted ?? planCreate(desired, id);
}

/**
 * Before a create: a live group bound to no key with the owner and name the config gives
 * is this key's group (a lost state file, an apply that died before it saved): one is
 * imported, several are an error. Undefined when there is none, so the create goes ahead.
 */
function planImport(desired: DesiredGroup, live: ReadonlyMap<string, LiveGroup | null>, claims: Claims): GroupOutcome | undefined {
  const { owner } = desired;
  const name = desired.settings.name;
  if (owner === undefined || name === undefined) return undefined;
  const matches = claims.find(owner, name);
  if (matches.length === 0) return undefined;
  if (matches.length > 1) return failed(severalCandidates(desired, owner, name, matches.map((m) => m.id).sort()));
  const match = matches[0]!;
  const group = live.get(match.id);
  if (group === undefined) return failed(liveNotRead(desired, match.id));
  // Gone between the list and the details read: nothing to import.
  if (group === null) return undefined;
  claims.claim(match.id, desired.key);
  const existing = planExisting(desired, group, undefined);
  const reason = 'a live group bound to no key has this owner and name: bind it instead of creating a second one';
  return { ...existing, steps: [importStep({ group: desired.key, id: group.id }, group.owner, name, reason), ...existing.steps] };
}

/** `replaces`: the id the key is bound to, whose group no longer exists (a recreate). */
function planCreate(desired: DesiredGroup, replaces: string | undefined): GroupOutcome {
  const reason = replaces === undefined ? undefined : `bound group ${replaces} no longer exists: created again, and the key rebound`;
  const { owner } = desired;
  if (owner === undefined) return failed(missingOwner(desired));
  const withOwner = { ...desired, owner };
  const { admins, members } = desiredMembersOf(withOwner);
  const lists = createLists(desired);
  const errors = [
    // Users to block join first (only members can be blocked), so they count at the peak.
    ...checkCapacity(desired, 1 + members.length + lists.block.length, createMax(desired)),
    ...checkAdmins(desired, admins.length),
    ...listErrors(desired, owner, new Set([owner, ...members])),
  ];
  const steps = orderCreate({ target: { group: desired.key }, desired: withOwner, admins, members, lists, ...(reason ? { reason } : {}) });
  const [create] = steps;
  if (replaces !== undefined && create?.action === 'create') steps[0] = { ...create, details: { ...create.details, replaces } };
  return { steps, errors, creates: true };
}

function planExisting(desired: DesiredGroup, live: LiveGroup, binding: Binding | undefined): GroupOutcome {
  const missing = missingReads(live, readsFor(desired, live.owner));
  if (missing.length > 0) return failed(livePartsNotRead(desired, live.id, missing));
  const settings = diffSettings(desired.settings, live.settings, binding?.written);
  const unkept = holdUnkeptInvites(desired, live, binding, settings);
  resendInvitesWithPublic(desired, live, settings);
  const membership = diffMembership(desired, live);
  const lists = diffLists(desired, live);
  const errors = [
    ...checkCapacity(desired, finalCount(membership), desired.settings.max_users ?? live.settings.max_users),
    ...checkAdmins(desired, membership.finalAdminCount),
    ...(desired.allowList === undefined && desired.blockList === undefined ? [] : listErrors(desired, membership.newOwner, finalMembership(live, membership))),
  ];
  const steps = orderExisting({ target: { group: desired.key, id: live.id }, desired, live, settings, membership, lists });
  return { steps, errors, creates: false, ...(unkept ? { warnings: [unkept] } : {}) };
}

/**
 * Runs a plan against the emulator's rules core, step by step, the way apply would
 * (bindings and written settings included), and reads groups back as LiveGroups. A step
 * the store refuses, or a modify field it answers `false` for, fails the run.
 */
import { LIMITS, type Binding, type DesiredState, type LiveGroup } from '../../src/model/group.js';
import { fromWireSettings, toWireSettings } from '../../src/api/wire-settings.js';
import { GroupStore, StoreError, type GroupRecord } from '../../src/emulator/store.js';
import type { Plan, Step } from '../../src/plan/types.js';

export interface World {
  store: GroupStore;
  bindings: Map<string, Binding>;
  /** Whether the details call shows invite_need_confirm (the docs do not say it does). */
  showsInviteConfirm: boolean;
}

export class StepRefused extends Error {
  constructor(
    readonly index: number,
    readonly step: Step,
    message: string,
  ) {
    super(`step ${index} (${JSON.stringify(step)}) refused: ${message}`);
  }
}

export function toLive(record: GroupRecord, showsInviteConfirm: boolean): LiveGroup {
  const { invite_need_confirm, ...shown } = fromWireSettings(record as unknown as Record<string, unknown>);
  return {
    id: record.id,
    settings: showsInviteConfirm ? { ...shown, invite_need_confirm } : shown,
    disabled: record.disabled,
    owner: record.owner,
    admins: [...record.admins].sort(),
    members: [...record.members].sort(),
    created: record.created,
  };
}

/** Every id resolved from config `id:` or a binding, read back; null when it does not exist. */
export function readLive(world: World, desired: DesiredState): Map<string, LiveGroup | null> {
  const ids = new Set<string>();
  for (const group of desired.groups.values()) {
    const id = group.id ?? world.bindings.get(group.key)?.id;
    if (id !== undefined) ids.add(id);
  }
  for (const binding of world.bindings.values()) ids.add(binding.id);
  const live = new Map<string, LiveGroup | null>();
  for (const id of ids) {
    const record = world.store.getGroup(id);
    live.set(id, record === undefined ? null : toLive(record, world.showsInviteConfirm));
  }
  return live;
}

/** Makes the binding changes (as apply does, before any step), then every step in order; throws StepRefused at the first step the store refuses. */
export function applyPlan(world: World, plan: Plan): void {
  for (const change of plan.binding_changes ?? []) {
    if (change.change === 'forget') world.bindings.delete(change.group);
    else if (change.change === 'bind') world.bindings.set(change.group, world.bindings.get(change.group) ?? { id: change.group_id });
    else {
      const from = world.bindings.get(change.from!);
      world.bindings.set(change.group, from ?? { id: change.group_id });
      world.bindings.delete(change.from!);
    }
  }
  const ids = new Map<string, string>();
  plan.steps.forEach((step, index) => {
    const id = step.group_id ?? ids.get(step.group);
    try {
      const created = applyStep(world.store, step, id);
      if (created !== undefined) ids.set(step.group, created);
    } catch (error) {
      const words = error instanceof StoreError ? `${error.status} ${error.error}: ${error.description}` : String(error);
      throw new StepRefused(index, step, words);
    }
    recordBinding(world, step, step.group_id ?? ids.get(step.group));
  });
  // plan.unmanaged lists keys not in this configuration: their bindings stay.
}

/** What apply keeps between runs: the id of each key and the write-only settings it set. */
function recordBinding(world: World, step: Step, id: string | undefined): void {
  if (step.action === 'dismiss') {
    world.bindings.delete(step.group);
    return;
  }
  if (id === undefined) return;
  const binding: Binding = { ...world.bindings.get(step.group), id };
  const written =
    step.action === 'create'
      ? step.details.settings.invite_need_confirm
      : step.action === 'update'
        ? (step.details.changes.invite_need_confirm?.to as boolean | undefined)
        : undefined;
  if (step.action === 'create') delete binding.written;
  if (written !== undefined) binding.written = { invite_need_confirm: written };
  world.bindings.set(step.group, binding);
}

function applyStep(store: GroupStore, step: Step, id: string | undefined): string | undefined {
  if (step.action === 'create') {
    // The create carries one batch of members at most (LIMITS.memberBatch); the store does not check it.
    if (step.details.members.length > LIMITS.memberBatch) throw new Error(`create with ${step.details.members.length} members`);
    return store.createGroup({ ...toWireSettings(step.details.settings), owner: step.details.owner, members: step.details.members });
  }
  if (id === undefined) throw new Error('no group id: the create did not run');
  switch (step.action) {
    case 'update': {
      const settings = Object.fromEntries(Object.entries(step.details.changes).map(([k, c]) => [k, c?.to]));
      const answers = store.modifyGroup(id, toWireSettings(settings));
      const refused = Object.entries(answers).filter(([, ok]) => !ok);
      if (refused.length > 0) throw new Error(`modify answered false for ${refused.map(([k]) => k).join(', ')}`);
      return undefined;
    }
    case 'transfer':
      return void store.transferOwner(id, step.details.to);
    case 'add-member':
      return void store.addMember(id, step.details.user);
    case 'remove-member':
      return void store.removeMember(id, step.details.user);
    case 'add-admin':
      return void store.addAdmin(id, step.details.user);
    case 'remove-admin':
      return void store.removeAdmin(id, step.details.user);
    case 'enable':
      return void store.enable(id);
    case 'disable':
      return void store.disable(id);
    case 'dismiss':
      return void store.dismiss(id);
  }
}

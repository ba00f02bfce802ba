/**
 * The world the planner's property tests plan against: the emulator's rules core and
 * the bindings apply keeps, read back as LiveGroups the way the details call shows
 * them. Plans are applied by the real applyPlan (run-apply.ts).
 */
import type { Binding, DesiredState, LiveGroup } from '../../src/model/group.js';
import { fromWireSettings } from '../../src/api/setting-fields.js';
import type { GroupRecord, GroupStore } from '../../src/emulator/store.js';

export interface World {
  store: GroupStore;
  bindings: Map<string, Binding>;
  /** Whether the details call shows invite_need_confirm (the docs do not say it does). */
  showsInviteConfirm: boolean;
}

export function toLive(record: GroupRecord, showsInviteConfirm: boolean): LiveGroup {
  const { invite_need_confirm, ...shown } = fromWireSettings(record as unknown as Record<string, unknown>);
  return {
    id: record.id,
    settings: showsInviteConfirm ? { ...shown, invite_need_confirm } : shown,
    disabled: record.disabled,
    muteAll: record.mute,
    // Read whole: the planner asks only where config declares one (plan/reads.ts), and ignores it elsewhere.
    announcement: record.announcement ?? '',
    owner: record.owner,
    admins: [...record.admins].sort(),
    members: [...record.members].sort(),
    allowList: [...record.allow].sort(),
    blockList: [...record.blocks].sort(),
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

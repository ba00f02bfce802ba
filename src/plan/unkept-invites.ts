/**
 * `allow_invites: true` that the service does not keep on a public group (FACTS.md
 * "create, public group"). Once apply has set it and read back false, the binding records
 * it (model/group.ts `written.allow_invites`); from then on the plan warns once per plan
 * instead of planning the same update after every apply. The record counts only while the
 * config still asks for true and the group stays public; apply rewrites it whenever it
 * writes either setting.
 */
import type { Binding, DesiredGroup, LiveGroup } from '../model/group.js';
import type { SettingsDiff } from './diff.js';
import type { PlanWarning } from './types.js';

/** Takes the allow_invites change out of `settings` when the service is known not to keep it; the warning that says so, or undefined. */
export function holdUnkeptInvites(desired: DesiredGroup, live: LiveGroup, binding: Binding | undefined, settings: SettingsDiff): PlanWarning | undefined {
  const change = settings.changes.allow_invites;
  if (change?.to !== true || binding?.written?.allow_invites !== true) return undefined;
  if (live.settings.allow_invites !== false || live.settings.public !== true || settings.changes.public !== undefined) return undefined;
  delete settings.changes.allow_invites;
  return {
    group: desired.key,
    message:
      `group ${desired.key}: allow_invites: true does not take on a public group on this app; the service keeps false ` +
      '(groupctl set it and read false back; FACTS.md: invites may apply only to private groups). No update is planned for it: ' +
      'set allow_invites: false, or public: false, to clear this warning',
  };
}

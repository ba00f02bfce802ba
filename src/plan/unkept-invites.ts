/**
 * `allow_invites: true` that the service does not keep on a public group (FACTS.md
 * "create, public group"). Once apply has set it and read back false, the binding records
 * it (model/group.ts `written.allow_invites`); from then on the plan warns once per plan
 * instead of planning the same update after every apply. The record counts only while the
 * config still asks for true and the group stays public; apply rewrites it whenever it
 * writes either setting.
 */
import { SETTING_NAMES, type Binding, type DesiredGroup, type LiveGroup } from '../model/group.js';
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

/**
 * An update that makes a group public while config declares `allow_invites: true` that the
 * group already holds sends allow_invites again (from true to true): on an app whose public
 * groups never keep it, the service drops it to false as the group turns public, and only a
 * write of allow_invites makes apply read the group back and record that (apply/unkept-invites.ts).
 * Without it the next plan would plan `allow_invites false -> true` once more.
 */
export function resendInvitesWithPublic(desired: DesiredGroup, live: LiveGroup, settings: SettingsDiff): void {
  if (settings.changes.public?.to !== true || desired.settings.allow_invites !== true) return;
  if (settings.changes.allow_invites !== undefined || live.settings.allow_invites !== true) return;
  const changes: SettingsDiff['changes'] = {};
  for (const name of SETTING_NAMES) {
    const change = name === 'allow_invites' ? { from: true, to: true } : settings.changes[name];
    if (change !== undefined) changes[name] = change;
  }
  settings.changes = changes;
}

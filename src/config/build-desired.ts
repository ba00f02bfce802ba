/** A valid group as written plus its file's defaults -> the domain's `DesiredGroup`. */
import { type DesiredGroup, SETTING_NAMES, type Settings } from '../model/group.js';
import type { ParsedFile, RawGroup } from './raw-config.js';

/** The domain group of one config entry: its file's defaults under its own settings, with its place in the file. */
export function buildDesiredGroup(file: ParsedFile, key: string, group: RawGroup): DesiredGroup {
  const ensure = group.ensure ?? 'present';
  const dismissed = ensure === 'dismissed';
  // A group to be dismissed is not updated, so defaults would only add noise to its plan.
  const defaults = dismissed ? {} : file.defaults;
  const settings: Settings = {};
  for (const name of SETTING_NAMES) {
    const value = group[name] ?? (name === 'name' ? undefined : defaults[name]);
    if (value !== undefined) (settings as Record<string, unknown>)[name] = typeof value === 'string' ? ownString(value) : value;
  }
  const source = file.source.keyPosition(['groups', key]);
  const protect = group.protect ?? false;
  // The owner in the literal when it can keep the key order (no id): a property added later costs a property array (issue 23).
  const desired: DesiredGroup =
    group.id === undefined && group.owner !== undefined ? { key, source, settings, ensure, protect, owner: group.owner } : { key, source, settings, ensure, protect };
  if (group.id !== undefined) desired.id = group.id;
  if (group.owner !== undefined && group.id !== undefined) desired.owner = group.owner;
  if (group.admins !== undefined) desired.admins = [...group.admins].sort();
  if (group.members !== undefined) {
    // The model's `members` is the set besides owner and admins; listing them too is allowed.
    const implied = new Set([group.owner, ...(group.admins ?? [])]);
    desired.members = group.members.filter((user) => !implied.has(user)).sort();
  }
  const disabled = group.disabled ?? defaults.disabled;
  if (disabled !== undefined) desired.disabled = disabled;
  if (group.mute_all !== undefined && !dismissed) desired.muteAll = group.mute_all;
  if (group.scale !== undefined && !dismissed) desired.scale = group.scale;
  if (group.announcement !== undefined && !dismissed) desired.announcement = group.announcement;
  if (group.allow_list !== undefined && !dismissed) desired.allowList = [...group.allow_list].sort();
  if (group.block_list !== undefined && !dismissed) desired.blockList = [...group.block_list].sort();
  return desired;
}

/**
 * The string on its own. js-yaml cuts scalars out of the file's text, and V8 keeps such a
 * slice pointing into the whole text: one description per group kept every config file
 * alive for the whole run (50,000 groups: 9 MB, issue 23). JSON.parse makes a flat string of
 * its own; a slice of a copy (`(' ' + text).slice(1)`) was a second object beside the copy,
 * 32 bytes more per description (1.7 MB at 50,000 groups).
 */
function ownString(text: string): string {
  // Shorter strings are copied by V8 itself (SlicedString::kMinLength is 13).
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}

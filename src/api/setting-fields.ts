/**
 * The one mapping between config setting names and wire field names. Create and modify
 * take `groupname`; the details call and a user's groups answer `name`, so reading
 * accepts both.
 */
import { SETTING_NAMES, type SettingName, type Settings } from '../model/group.js';

/** Wire field of each setting on create and modify. */
export const WIRE_FIELD: Readonly<Record<SettingName, string>> = {
  name: 'groupname',
  description: 'description',
  avatar: 'avatar',
  public: 'public',
  max_users: 'maxusers',
  allow_invites: 'allowinvites',
  members_only: 'membersonly',
  invite_need_confirm: 'invite_need_confirm',
  custom: 'custom',
};

/** Wire fields that read back as a setting (details, user groups, modify results). */
const READ_FIELDS: ReadonlyArray<readonly [string, SettingName]> = [
  ['groupname', 'name'],
  ['name', 'name'],
  ['description', 'description'],
  ['avatar', 'avatar'],
  ['public', 'public'],
  ['maxusers', 'max_users'],
  ['allowinvites', 'allow_invites'],
  ['membersonly', 'members_only'],
  ['invite_need_confirm', 'invite_need_confirm'],
  ['custom', 'custom'],
];

type Kind = 'string' | 'boolean' | 'number';
const KIND: Readonly<Record<SettingName, Kind>> = {
  name: 'string',
  description: 'string',
  avatar: 'string',
  public: 'boolean',
  max_users: 'number',
  allow_invites: 'boolean',
  members_only: 'boolean',
  invite_need_confirm: 'boolean',
  custom: 'string',
};

/** Config settings -> wire body fields; settings left out stay out. */
export function toWireSettings(settings: Settings): Record<string, string | number | boolean> {
  const wire: Record<string, string | number | boolean> = {};
  for (const name of SETTING_NAMES) {
    const value = settings[name];
    if (value !== undefined) wire[WIRE_FIELD[name]] = value;
  }
  return wire;
}

/**
 * Wire object -> config settings. Fields with a value of the wrong type are coerced when
 * the meaning is plain ("true", "300") and dropped otherwise: a setting we cannot read is
 * "not known", never a guess.
 */
export function fromWireSettings(obj: Readonly<Record<string, unknown>>): Settings {
  const settings: Record<string, unknown> = {};
  for (const [field, name] of READ_FIELDS) {
    if (!(field in obj) || settings[name] !== undefined) continue;
    const value = coerce(obj[field], KIND[name]);
    if (value !== undefined) settings[name] = value;
  }
  return settings as Settings;
}

/** The modify call's per-field booleans -> the same, by config name. */
export function fromWireFlags(obj: Readonly<Record<string, unknown>>): Partial<Record<SettingName, boolean>> {
  const flags: Partial<Record<SettingName, boolean>> = {};
  for (const [field, name] of READ_FIELDS) {
    if (!(field in obj)) continue;
    const value = coerce(obj[field], 'boolean');
    if (typeof value === 'boolean') flags[name] = value;
  }
  return flags;
}

function coerce(value: unknown, kind: Kind): string | number | boolean | undefined {
  if (value === null || value === undefined) return undefined;
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      return Number.isFinite(n) ? n : undefined;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true') return true;
      if (value === 'false') return false;
      return undefined;
  }
}

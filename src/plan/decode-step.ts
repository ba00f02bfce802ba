/**
 * One step of a saved plan, decoded: its action, its details in the shape of that action
 * (types.ts DetailsByAction) and its group id. Output-only fields (`risky`, `notable`) are dropped.
 */
import { LIMITS, SETTING_NAMES, type SettingName, type Settings } from '../model/group.js';
import { anyText, count, fields, groupId, isObject, key, list, text, user, type Obj } from './decode-fields.js';
import { ACTIONS, type Action, type Step } from './types.js';

const STEP_FIELDS = ['group', 'group_id', 'action', 'details', 'reason', 'risky', 'notable'];

/** A step, or undefined (with its problems recorded) when its action or details cannot be read. */
export function decodeStep(value: unknown, at: string, problems: string[]): Step | undefined {
  if (!isObject(value)) return void problems.push(`${at}: not an object`);
  const action = value.action;
  if (typeof action !== 'string' || !(ACTIONS as readonly string[]).includes(action)) {
    return void problems.push(`${at}.action: ${JSON.stringify(action)} is not one of ${ACTIONS.join(', ')}`);
  }
  for (const field of Object.keys(value)) {
    if (!STEP_FIELDS.includes(field)) problems.push(`${at}: unknown field ${JSON.stringify(field)}`);
  }
  const details = DETAILS[action as Action](value.details, `${at}.details`, problems);
  if (details === undefined) return undefined;
  // `risky` and `notable` are output only (render-json): dropped here, so it never reaches apply or its report.
  const step = { group: key(value.group, `${at}.group`, problems), action, details } as Step;
  if (value.group_id !== undefined) step.group_id = groupId(value.group_id, `${at}.group_id`, problems);
  if (value.reason !== undefined) step.reason = anyText(value.reason, `${at}.reason`, problems);
  if (action === 'import' && step.group_id === undefined) problems.push(`${at}: an import step needs the group_id it binds`);
  if (action === 'create' && step.group_id !== undefined) problems.push(`${at}: a create step cannot name a group_id`);
  return step;
}

type DetailsDecoder = (value: unknown, at: string, problems: string[]) => unknown;

/** An added user is sent to the service, so it must be a user id; a removed one only has to be named. */
const userDetails =
  (decodeUser: typeof user): DetailsDecoder =>
  (value, at, problems) => {
    const o = fields(value, at, ['user'], [], problems);
    return o && { user: decodeUser(o.user, `${at}.user`, problems) };
  };
const emptyDetails: DetailsDecoder = (value, at, problems) => fields(value, at, [], [], problems) && {};

/** Per action, the shape of its details (types.ts DetailsByAction). */
const DETAILS: Record<Action, DetailsDecoder> = {
  create: decodeCreate,
  import: (value, at, problems) => {
    const o = fields(value, at, ['owner', 'name'], [], problems);
    return o && { owner: text(o.owner, `${at}.owner`, problems), name: text(o.name, `${at}.name`, problems) };
  },
  update: decodeUpdate,
  transfer: (value, at, problems) => {
    const o = fields(value, at, ['from', 'to'], [], problems);
    return o && { from: text(o.from, `${at}.from`, problems), to: user(o.to, `${at}.to`, problems) };
  },
  'add-member': userDetails(user),
  'remove-member': userDetails(text),
  'add-admin': userDetails(user),
  'remove-admin': userDetails(text),
  enable: emptyDetails,
  disable: emptyDetails,
  'mute-all': emptyDetails,
  'unmute-all': emptyDetails,
  'set-announcement': (value, at, problems) => {
    const o = fields(value, at, ['from', 'to'], [], problems);
    if (!o) return undefined;
    const announcement = (v: unknown, where: string) => {
      if (typeof v === 'string' && v.length <= LIMITS.announcementLength) return v;
      problems.push(`${where}: expected a string of at most ${LIMITS.announcementLength} characters`);
      return undefined;
    };
    return { from: o.from === null ? null : announcement(o.from, `${at}.from`), to: announcement(o.to, `${at}.to`) };
  },
  dismiss: (value, at, problems) => {
    const o = fields(value, at, [], ['owner', 'members'], problems);
    if (!o) return undefined;
    const details: Obj = {};
    if (o.owner !== undefined) details.owner = text(o.owner, `${at}.owner`, problems);
    if (o.members !== undefined) details.members = count(o.members, `${at}.members`, problems);
    return details;
  },
};

function decodeCreate(value: unknown, at: string, problems: string[]): unknown {
  const o = fields(value, at, ['settings', 'owner', 'members'], ['replaces'], problems);
  if (!o) return undefined;
  const details = {
    settings: decodeSettings(o.settings, `${at}.settings`, problems),
    owner: user(o.owner, `${at}.owner`, problems),
    members: list(o.members, `${at}.members`, problems, (item, where) => user(item, where, problems)),
  };
  return o.replaces === undefined ? details : { ...details, replaces: groupId(o.replaces, `${at}.replaces`, problems) };
}

function decodeUpdate(value: unknown, at: string, problems: string[]): unknown {
  const o = fields(value, at, ['changes'], [], problems);
  if (!o) return undefined;
  if (!isObject(o.changes) || Object.keys(o.changes).length === 0) return void problems.push(`${at}.changes: not an object of changed settings`);
  const changes: Obj = {};
  for (const [name, change] of Object.entries(o.changes)) {
    const where = `${at}.changes.${name}`;
    if (!isSetting(name)) {
      problems.push(`${where}: not a setting (${SETTING_NAMES.join(', ')})`);
      continue;
    }
    const c = fields(change, where, ['from', 'to'], [], problems);
    if (!c) continue;
    changes[name] = {
      from: c.from === null ? null : settingValue(name, c.from, `${where}.from`, problems),
      to: settingValue(name, c.to, `${where}.to`, problems),
    };
  }
  return { changes };
}

function decodeSettings(value: unknown, at: string, problems: string[]): Settings {
  const settings: Obj = {};
  if (!isObject(value)) {
    problems.push(`${at}: not an object`);
    return settings;
  }
  for (const [name, v] of Object.entries(value)) {
    if (isSetting(name)) settings[name] = settingValue(name, v, `${at}.${name}`, problems);
    else problems.push(`${at}.${name}: not a setting (${SETTING_NAMES.join(', ')})`);
  }
  return settings as Settings;
}

const STRING_SETTINGS: Partial<Record<SettingName, number>> = {
  name: LIMITS.nameLength,
  description: LIMITS.descriptionLength,
  avatar: LIMITS.avatarLength,
  // The plan refused more than its base allows; a saved plan is checked against the larger.
  custom: LIMITS.customLengthAgora,
};

function settingValue(name: SettingName, value: unknown, at: string, problems: string[]): unknown {
  const length = STRING_SETTINGS[name];
  if (length !== undefined) {
    if (typeof value === 'string' && value.length <= length) return value;
    problems.push(`${at}: expected a string of at most ${length} characters`);
  } else if (name === 'max_users') {
    if (Number.isSafeInteger(value) && (value as number) >= 1) return value;
    problems.push(`${at}: expected a whole number >= 1`);
  } else {
    if (typeof value === 'boolean') return value;
    problems.push(`${at}: expected true or false`);
  }
  return undefined;
}

function isSetting(name: string): name is SettingName {
  return (SETTING_NAMES as readonly string[]).includes(name);
}

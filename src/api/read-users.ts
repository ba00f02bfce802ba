/**
 * User ids and role lists off the wire, read once (api/normalise.ts reads the rest of an
 * answer): the app key prefix the list call puts before an owner stripped, ids lowercased
 * (the service's ids are case-insensitive, FACTS.md), so `Alice` is never a second user.
 */
import { sortedUniqueWithout } from '../util/compare-text.js';

/** The app key parts of an Easemob base URL; unknown for the Agora style. */
export interface AppKey {
  org?: string | undefined;
  app?: string | undefined;
}

/**
 * The list call shows owners as `{org}#{app}_{user}` (FACTS.md). Strip the known prefix
 * when we know it; otherwise everything through the first `_` after the `#`.
 */
export function bareUser(name: string, key: AppKey = {}): string {
  const hash = name.indexOf('#');
  // Every prefix has a '#': a bare name (nearly every name of a details answer) needs no more work.
  if (hash < 0) return name;
  if (key.org && key.app) {
    const prefix = `${key.org}#${key.app}_`;
    if (name.toLowerCase().startsWith(prefix.toLowerCase())) return name.slice(prefix.length);
  }
  const underscore = name.indexOf('_', hash + 1);
  return underscore < 0 ? name : name.slice(underscore + 1);
}

/** A user id as the plan compares them: prefix stripped, lowercase. */
export function readUser(name: string, key: AppKey = {}): string {
  return isBareLowercase(name) ? name : bareUser(name, key).toLowerCase();
}

/** No '#', no capital, nothing past ASCII: what nearly every name of an answer is, read as it stands (issue 23). */
function isBareLowercase(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x23 || c > 0x7f || (c >= 0x41 && c <= 0x5a)) return false;
  }
  return true;
}

export interface Roles {
  owner?: string;
  admins: string[];
  /** Everyone but the owner, admins included. */
  members: string[];
  /** Whether any `{admin}` entry was seen (newer servers only). */
  adminsShown: boolean;
  /** Distinct users listed, owner included. */
  listed: number;
}

/**
 * Read one-key role objects (`{owner}`, `{admin}`, `{member}`), tolerating extra keys and
 * prefixes. `named`: the owner an answer names outside the list (the details call's
 * `owner`), which wins; neither owner is then among the admins or members. `keep`: only
 * these names go into `members` (admins are all kept), and `listed` counts only them.
 */
export function readAffiliations(list: readonly unknown[] | undefined, key: AppKey = {}, named?: string, keep?: ReadonlySet<string>): Roles {
  let listedOwner: string | undefined;
  // Arrays sorted and deduplicated once at the end: a Set per list per group was most of a large read's garbage.
  const admins: string[] = [];
  const members: string[] = [];
  let adminsShown = false;
  const entries = list ?? [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (typeof entry !== 'object' || entry === null) continue;
    const role = entry as Record<string, unknown>;
    if (typeof role.owner === 'string') {
      listedOwner = readUser(role.owner, key);
    } else if (typeof role.admin === 'string') {
      adminsShown = true;
      const admin = readUser(role.admin, key);
      admins.push(admin);
      if (keep === undefined || keep.has(admin)) members.push(admin);
    } else if (typeof role.member === 'string') {
      const member = readUser(role.member, key);
      if (keep === undefined || keep.has(member)) members.push(member);
    }
  }
  const owner = named ?? listedOwner;
  const memberList = sortedUniqueWithout(members, listedOwner, owner);
  const adminList = sortedUniqueWithout(admins, listedOwner, owner);
  // Two literals, not a spread of an optional owner: spreading was a third of this function's time.
  if (owner === undefined) return { admins: adminList, members: memberList, adminsShown, listed: memberList.length };
  return { owner, admins: adminList, members: memberList, adminsShown, listed: memberList.length + 1 };
}

/**
 * Combine what the details, admin and member calls said about one group into a
 * LiveGroup, once: sorted, deduplicated lists, the owner never among admins or members,
 * every known admin among the members. Parts that were not read stay marked as such
 * (admins undefined, memberCount beside a partial member list).
 *
 * Each answer on its own was normalised by the API layer (api/read-users.ts owns reading
 * users and roles off the wire); the rules here are the ones only the answers together
 * can keep, and they hold for any GroupService, the test fakes included.
 */
import type { LiveGroup } from '../model/group.js';
import type { GroupSnapshot } from '../api/service.js';
import { compareText } from '../util/compare-text.js';

/** What the follow-up calls added to a snapshot; absent parts come from the snapshot. */
export interface Extra {
  /** From the admin list, or the member list when it showed roles. */
  admins?: readonly string[];
  /** From the member list, when the details call did not list everyone. */
  members?: readonly string[];
  /** From the announcement call, when the plan compares it. */
  announcement?: string;
  /** From the allow-list and block-list calls, when the plan compares them. */
  allowList?: readonly string[];
  blockList?: readonly string[];
}

export function buildLiveGroup(snapshot: GroupSnapshot, extra: Extra): LiveGroup {
  const owner = snapshot.owner;
  const known = extra.admins ?? snapshot.admins;
  const admins = known === undefined ? undefined : sortedWithout(known, owner);
  const complete = extra.members !== undefined || snapshot.membersComplete;
  // An admin is a member by the API's rules (FACTS.md); a read that raced a change
  // could disagree, and LiveGroup promises the admins are among the members.
  const members = sortedWithout(admins === undefined ? (extra.members ?? snapshot.members) : [...(extra.members ?? snapshot.members), ...admins], owner);
  return {
    id: snapshot.id,
    settings: { ...snapshot.settings },
    disabled: snapshot.disabled,
    ...(snapshot.muteAll === undefined ? {} : { muteAll: snapshot.muteAll }),
    ...(extra.announcement === undefined ? {} : { announcement: extra.announcement }),
    ...(extra.allowList === undefined ? {} : { allowList: [...extra.allowList].sort() }),
    ...(extra.blockList === undefined ? {} : { blockList: [...extra.blockList].sort() }),
    owner,
    ...(admins === undefined ? {} : { admins }),
    members,
    ...(complete ? {} : { memberCount: Math.max(snapshot.memberCount, 1 + members.length) }),
    created: snapshot.created,
  };
}

function sortedWithout(users: readonly string[], owner: string): string[] {
  const sorted = isStrictlySorted(users) ? [...users] : [...new Set(users)].sort(compareText);
  const at = sorted.indexOf(owner);
  if (at >= 0) sorted.splice(at, 1);
  return sorted;
}

/** Lists usually come sorted already; checking is cheaper than building a Set. */
function isStrictlySorted(users: readonly string[]): boolean {
  for (let i = 1; i < users.length; i++) if (!(users[i - 1]! < users[i]!)) return false;
  return true;
}

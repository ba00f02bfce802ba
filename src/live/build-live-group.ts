/**
 * Normalise what the details, admin and member calls said about one group into a
 * LiveGroup, once: sorted, deduplicated lists, the owner never among admins or members,
 * every admin among the members.
 */
import type { LiveGroup } from '../model/group.js';
import type { GroupSnapshot } from '../api/service.js';

/** What the follow-up calls added to a snapshot; absent parts come from the snapshot. */
export interface Extra {
  /** From the admin list, or the member list when it showed roles. */
  admins?: readonly string[];
  /** From the member list, when the details call did not list everyone. */
  members?: readonly string[];
}

export function buildLiveGroup(snapshot: GroupSnapshot, extra: Extra): LiveGroup {
  const owner = snapshot.owner;
  const admins = sortedWithout(extra.admins ?? snapshot.admins ?? [], owner);
  // An admin is a member by the API's rules (FACTS.md); a read that raced a change
  // could disagree, and LiveGroup promises the admins are among the members.
  const members = sortedWithout([...(extra.members ?? snapshot.members), ...admins], owner);
  return {
    id: snapshot.id,
    settings: { ...snapshot.settings },
    disabled: snapshot.disabled,
    owner,
    admins,
    members,
    created: snapshot.created,
  };
}

function sortedWithout(users: readonly string[], owner: string): string[] {
  const set = new Set(users);
  set.delete(owner);
  return [...set].sort(compareText);
}

/** Code-unit order, not locale order: the same on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

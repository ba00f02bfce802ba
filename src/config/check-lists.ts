/**
 * The rules of `allow_list` and `block_list` that config alone decides (FACTS.md "Group
 * features", block list: only members can be blocked, the owner cannot be, blocking
 * removes the member): the allow list takes members only, so where membership is
 * declared every allow-listed user must be in it; a blocked user is not a member, so
 * a user both declared in the group and blocked is a contradiction; the owner is never
 * blocked. Where membership is not declared the plan checks the live members instead.
 */
import type { RawGroup } from './raw-config.js';

/** One problem at one list entry (its index), in words. */
export interface ListIssue {
  field: 'allow_list' | 'block_list';
  index: number;
  message: string;
}

export function checkLists(group: RawGroup): ListIssue[] {
  const issues: ListIssue[] = [];
  const admins = new Set(group.admins ?? []);
  const members = new Set(group.members ?? []);
  const inGroup = (user: string) => user === group.owner || admins.has(user) || members.has(user);
  if (group.members !== undefined) {
    group.allow_list?.forEach((user, index) => {
      if (!inGroup(user)) {
        issues.push({ field: 'allow_list', index, message: `${JSON.stringify(user)} is not in members; the allow list takes members only (add it to members)` });
      }
    });
  }
  const allowed = new Set(group.allow_list ?? []);
  group.block_list?.forEach((user, index) => {
    const message =
      user === group.owner
        ? `${JSON.stringify(user)} is the owner; the owner is never blocked`
        : admins.has(user)
          ? `${JSON.stringify(user)} is in admins; a blocked user is not a member (remove it from one of the two)`
          : members.has(user)
            ? `${JSON.stringify(user)} is in members; a blocked user is not a member (remove it from one of the two)`
            : allowed.has(user)
              ? `${JSON.stringify(user)} is in allow_list; a blocked user is not a member and cannot be on the allow list`
              : undefined;
    if (message !== undefined) issues.push({ field: 'block_list', index, message });
  });
  return issues;
}

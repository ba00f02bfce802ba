/**
 * The allow list and the block list as every stage sees them (FACTS.md "Group features"):
 * user ids, sorted. In config absent means not managed; live, absent means not read
 * (only groups that declare the list are read, a call each).
 */

/** `allow_list`: who may speak while muted (members only); `block_list`: users barred from the group (never members, never the owner). */
export interface UserLists {
  allowList?: string[];
  blockList?: string[];
}

/** Whether to read the announcement and each list (a call of its own each; the block list is paged on Agora); absent or false: not read. */
export interface FeatureReads {
  announcement?: boolean;
  allowList?: boolean;
  blockList?: boolean;
}

/** Where config says things (SourceRef), and its top-level sections beside `groups:` (`limits:`, `id_strategy:`), in the domain's words. */

/** Where something was declared: file, line and column (1-based). */
export interface SourceRef {
  file: string;
  line: number;
  col: number;
}

/** The names of the `limits:` fields. */
export type EditionLimitName = 'max_users' | 'groups_per_app' | 'groups_per_user';

/** One stated limit and where it was written, so a plan error can name the line. */
export interface EditionLimit {
  value: number;
  source: SourceRef;
}

/** The limits a config states; a limit left out is not checked. */
export type EditionLimits = Partial<Record<EditionLimitName, EditionLimit>>;

/** Who picks a new group's id: the service (the default) or groupctl (apply/chosen-ids.ts). */
export type IdStrategy = 'service' | 'chosen';

/** What an app did with a chosen groupid (the state file remembers it): created the group under it, or under an id of its own. */
export type GroupIdVerdict = 'honoured' | 'ignored';

/**
 * What each action's step carries in `details` (DetailsByAction): the data apply needs to
 * make the call and the values a person reviews. Part of the plan's types (types.ts).
 */
import type { Settings, SettingName } from '../model/group.js';

/** A changed setting: the value live now and the value after the step. */
export interface SettingChange<T = unknown> {
  from: T | null;
  to: T;
}

/** A create: everything the create call sends. */
export interface CreateDetails {
  settings: Settings;
  owner: string;
  /** Initial members sent with the create call (at most one batch). */
  members: string[];
  /**
   * The id the key is bound to, whose group no longer exists live: the create replaces
   * it and rebinds the key (a recreate, counted by the recreate guard). Absent for a new key.
   */
  replaces?: string;
  /** `scale: large` in config: sent with the create (FACTS.md "create, extra fields"). */
  scale?: 'large';
}
/** What the live group matched on (shown to people; apply binds by the step's group_id). */
export interface ImportDetails {
  owner: string;
  name: string;
}
/** An update: each changed setting, from the live value to the desired one. */
export interface UpdateDetails {
  changes: Partial<Record<SettingName, SettingChange>>;
}
/** A transfer: the owner before and after. */
export interface TransferDetails {
  from: string;
  to: string;
}
/** The announcement before (null: not known) and after. */
export interface AnnouncementDetails {
  from: string | null;
  to: string;
}
/** A member, admin, allow-list or block-list change: the one user it is about. */
export interface UserDetails {
  user: string;
}
/** enable, disable, mute-all and unmute-all need nothing but the group. */
export type EmptyDetails = Record<string, never>;
/** A dismiss: what the group held when planned, so apply can refuse if it changed. */
export interface DismissDetails {
  /** The owner when the plan was made: apply re-reads the group and refuses if it changed. */
  owner?: string;
  /**
   * Members (owner excluded, admins included) the group had when the plan was made: the
   * memberships the dismissal ends, counted by the removal guard. Absent in older plans.
   */
  members?: number;
}

/** Maps each action to the shape of its details. */
export interface DetailsByAction {
  create: CreateDetails;
  import: ImportDetails;
  update: UpdateDetails;
  transfer: TransferDetails;
  'add-member': UserDetails;
  'remove-member': UserDetails;
  'add-admin': UserDetails;
  'remove-admin': UserDetails;
  enable: EmptyDetails;
  disable: EmptyDetails;
  'mute-all': EmptyDetails;
  'unmute-all': EmptyDetails;
  'set-announcement': AnnouncementDetails;
  'add-allow': UserDetails;
  'remove-allow': UserDetails;
  block: UserDetails;
  unblock: UserDetails;
  dismiss: DismissDetails;
}

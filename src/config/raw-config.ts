/** One config file's data once the schema has passed it (config names, nothing merged yet). */
import type { IdStrategy, Settings } from '../model/group.js';
import type { YamlSource } from './yaml-source.js';

/** `defaults:`: every setting but `name`, and `disabled`. */
export type RawDefaults = Omit<Settings, 'name'> & { disabled?: boolean };

/** One entry of `groups:` as written. */
export interface RawGroup extends Settings {
  owner?: string;
  admins?: string[];
  members?: string[];
  disabled?: boolean;
  mute_all?: boolean;
  scale?: 'large';
  announcement?: string;
  allow_list?: string[];
  block_list?: string[];
  id?: string;
  ensure?: 'present' | 'dismissed';
  protect?: boolean;
}

/** One `moved:` entry as written, with its place in the list. */
export interface RawMove {
  from: string;
  to: string;
  index: number;
}

/** A parsed file, ready for the semantic checks and for building the desired state. */
export interface ParsedFile {
  source: YamlSource;
  /** `{}` when absent or invalid (its schema issues are reported already). */
  defaults: RawDefaults;
  defaultsValid: boolean;
  /** Groups in file order. */
  groups: { key: string; group: RawGroup }[];
  /** `moved:` entries; empty when absent or when the schema rejected the list. */
  moved: RawMove[];
  /** `removed:` keys with their place in the list; empty when absent or rejected. */
  removed: { key: string; index: number }[];
  /** `limits:` as written; `{}` when absent or rejected by the schema. */
  limits: RawLimits;
  /** `id_strategy:` as written; undefined when absent or rejected by the schema. */
  idStrategy?: IdStrategy;
}

/** `limits:` as written. */
export type RawLimits = Partial<Record<'max_users' | 'groups_per_app' | 'groups_per_user', number>>;

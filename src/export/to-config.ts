/**
 * Live groups -> configuration text that plans with no changes. Pure: no I/O.
 */
import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { LIMITS, SETTING_NAMES, type LiveGroup } from '../model/group.js';
import { compareText } from '../util/compare-text.js';

/** What `groupctl export` writes besides settings, owner and admins. */
export interface ExportOptions {
  /** Write members too (membership becomes managed). */
  members: boolean;
  /** `$schema` hint for editors, relative to the written file. */
  schemaPath?: string;
}

/** The YAML to write, and the key of each group for the state file. */
export interface Exported {
  yaml: string;
  /** key -> live group id, to be recorded as bindings. */
  bindings: Map<string, string>;
}

const KEY_PATTERN = LIMITS.keyPattern;

/** A readable, valid, unique key for each group, from its name; the id settles clashes. */
export function keyFor(group: LiveGroup, taken: Set<string>): string {
  const slug = (group.settings.name ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '')
    .slice(0, 100);
  const base = KEY_PATTERN.test(slug) ? slug : `group-${group.id}`;
  const key = taken.has(base) ? `${base}-${group.id}` : base;
  taken.add(key);
  return key;
}

/** Live groups as configuration that plans with no changes; pure (no I/O): `groupctl export` writes what it returns, and the library entry offers it. */
export function toConfig(groups: readonly LiveGroup[], options: ExportOptions): Exported {
  const taken = new Set<string>();
  const bindings = new Map<string, string>();
  const doc = new Document({ groups: {} });
  const groupsNode = doc.get('groups') as YAMLMap;
  // Oldest first, so keys stay stable when groups are added later; ties by id in code-unit
  // order, as everywhere (a locale order would differ between machines).
  const ordered = [...groups].sort((a, b) => a.created - b.created || compareText(a.id, b.id));
  for (const group of ordered) {
    const key = keyFor(group, taken);
    bindings.set(key, group.id);
    const entry: Record<string, unknown> = {};
    for (const name of SETTING_NAMES) {
      const value = group.settings[name];
      // The schema has no empty name (validate refuses `name: ""`): a live group without one is exported with its name not managed, which plans no change.
      if (value !== undefined && !(name === 'name' && value === '')) entry[name] = value;
    }
    entry.owner = group.owner;
    // Export reads every part of a group (the live reader's default), so the admins are known.
    entry.admins = [...(group.admins ?? [])];
    if (options.members) {
      const admins = new Set(group.admins);
      entry.members = group.members.filter((m) => !admins.has(m));
    }
    entry.disabled = group.disabled;
    // Written only where it is on, so an export of unmuted groups reads as before.
    if (group.muteAll === true) entry.mute_all = true;
    if (group.announcement !== undefined && group.announcement !== '') entry.announcement = group.announcement;
    // Lists only where they have names: a group without is left unmanaged, as before.
    if (group.allowList !== undefined && group.allowList.length > 0) entry.allow_list = [...group.allowList];
    if (group.blockList !== undefined && group.blockList.length > 0) entry.block_list = [...group.blockList];
    const node = doc.createNode(entry) as YAMLMap;
    for (const item of node.items) {
      if (item.value instanceof YAMLSeq) item.value.flow = item.value.items.length <= 8;
    }
    // A Scalar key (not a plain string) is what can carry the comment.
    const keyNode = new Scalar(key);
    keyNode.commentBefore = ` live group ${group.id}`;
    groupsNode.items.push(new Pair(keyNode, node));
  }
  const header = options.schemaPath ? `# yaml-language-server: $schema=${options.schemaPath}\n` : '';
  const intro =
    '# Exported by "groupctl export": the live groups as configuration.\n' +
    '# Bindings (key -> group id) are in groupctl.state.json beside this file.\n';
  return { yaml: header + intro + doc.toString({ lineWidth: 0 }), bindings };
}

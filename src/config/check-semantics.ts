/**
 * Rules the schema cannot say, checked before any network call and all collected:
 * ownership, admin limits, capacity, and keys or ids declared twice across files.
 */
import type { SourceRef } from '../model/group.js';
import type { ConfigIssue } from './config-error.js';
import { checkLists } from './check-lists.js';
import type { ParsedFile, RawGroup } from './raw-config.js';
import { formatField } from './schema-issues.js';
import type { YamlSource } from './yaml-source.js';

/**
 * Fields a group with `ensure: dismissed` may carry. "A user declared both kept and
 * removed": the format has no removal list, so we read it as a group declared gone that
 * still declares who is in it (members, admins) or how it should look (settings other than
 * its name, disabled). Dismissal ignores all of those, so declaring them is a contradiction
 * the author should resolve; `name` and `owner` stay allowed because they say which group
 * is meant, `id` binds it, and `protect: false` is harmless.
 */
const ALLOWED_WHEN_DISMISSED = new Set(['id', 'name', 'owner', 'ensure', 'protect']);

/**
 * The checks of one group on its own (file defaults included). They also run on groups
 * the schema rejected, so every problem shows at once: values of the wrong type are
 * skipped here (the schema has reported them).
 */
export function checkGroup(file: ParsedFile, key: string, written: RawGroup): ConfigIssue[] {
  const group = usableParts(written);
  const issues: ConfigIssue[] = [];
  const { source } = file;
  const path = ['groups', key];
  const issue = (at: (string | number)[], where: 'key' | 'value', message: string): void => {
    const { line, col } = where === 'key' ? source.keyPosition(at) : source.valuePosition(at);
    issues.push({ file: source.file, line, col, field: formatField(at), message });
  };
  const dismissed = group.ensure === 'dismissed';

  const nonString = source.nonStringKey(path);
  if (nonString) {
    // `007:` is the number 7 to YAML: the key would silently become "7".
    issue(path, 'key', `key ${nonString.written} is read by YAML as ${nonString.type} ${nonString.value}; quote it`);
  }

  if (dismissed) {
    for (const field of Object.keys(written)) {
      if (ALLOWED_WHEN_DISMISSED.has(field)) continue;
      issue([...path, field], 'key', `is declared on a group with \`ensure: dismissed\`, which keeps no members, admins or settings; remove it, or the \`ensure\``);
    }
    if (group.protect === true) {
      issue([...path, 'protect'], 'key', '`protect: true` contradicts `ensure: dismissed`; a protected group is never dismissed');
    }
    return issues;
  }

  // `owner` may be left out for a bound group (CONTRACT.md "Configuration"); whether the key
  // is bound is the state file's business, so a create without an owner is a plan error.
  group.admins?.forEach((admin, index) => {
    if (admin === group.owner) {
      issue([...path, 'admins', index], 'value', `${JSON.stringify(admin)} is the owner; the owner is not an admin (list it as \`owner\` only)`);
    }
  });

  for (const { field, index, message } of checkLists(group)) issue([...path, field, index], 'value', message);

  const maxUsers = group.max_users ?? (file.defaultsValid ? file.defaults.max_users : undefined);
  if (maxUsers !== undefined) {
    const everyone = new Set([...(group.owner === undefined ? [] : [group.owner]), ...(group.admins ?? []), ...(group.members ?? [])]);
    if (everyone.size > maxUsers) {
      const from = group.max_users !== undefined ? '' : ` (from defaults at ${refText(source, ['defaults', 'max_users'])})`;
      const listed = group.members !== undefined ? 'members' : 'admins';
      issue(
        [...path, listed],
        'key',
        `owner, admins and members come to ${everyone.size} users; max_users is ${maxUsers}${from}`,
      );
    }
  }
  return issues;
}

/** Checks that need every file: a key declared twice, a live id bound by two keys. */
export function checkAcrossFiles(files: readonly ParsedFile[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const keys = new Map<string, string>();
  const ids = new Map<string, { key: string; where: () => SourceRef }>();
  for (const { source, groups } of files) {
    for (const { key, group } of groups) {
      const keyRef = source.keyPosition(['groups', key]);
      const firstKey = keys.get(key);
      if (firstKey !== undefined) {
        issues.push({
          ...keyRef,
          field: formatField(['groups', key]),
          message: `group key ${JSON.stringify(key)} is declared twice: here and at ${firstKey}`,
        });
      } else {
        keys.set(key, `${keyRef.file}:${keyRef.line}:${keyRef.col}`);
      }
      if (typeof group.id !== 'string' || !/^[0-9]+$/.test(group.id)) continue;
      // Positions are looked up only for a clash: they are costly on a large, valid file.
      const idRef = () => source.valuePosition(['groups', key, 'id']);
      const firstId = ids.get(group.id);
      if (firstId !== undefined && firstId.key !== key) {
        const first = firstId.where();
        issues.push({
          ...idRef(),
          field: formatField(['groups', key, 'id']),
          message: `live group ${group.id} is already bound by key ${JSON.stringify(firstId.key)} at ${first.file}:${first.line}:${first.col}; one group, one key`,
        });
      } else if (firstId === undefined) {
        ids.set(group.id, { key, where: idRef });
      }
    }
  }
  return issues;
}

/** The parts of a group whose type is right; the rest is left out. */
function usableParts(group: RawGroup): RawGroup {
  const users = (list: unknown): string[] | undefined =>
    Array.isArray(list) ? list.filter((user): user is string => typeof user === 'string') : undefined;
  const usable: RawGroup = {};
  if (typeof group.owner === 'string') usable.owner = group.owner;
  const admins = users(group.admins);
  if (admins) usable.admins = admins;
  const members = users(group.members);
  if (members) usable.members = members;
  const allow = users(group.allow_list);
  if (allow) usable.allow_list = allow;
  const blocks = users(group.block_list);
  if (blocks) usable.block_list = blocks;
  if (Number.isInteger(group.max_users) && (group.max_users as number) >= 1) usable.max_users = group.max_users as number;
  if (group.ensure === 'dismissed' || group.ensure === 'present') usable.ensure = group.ensure;
  if (typeof group.protect === 'boolean') usable.protect = group.protect;
  return usable;
}

function refText(source: YamlSource, path: (string | number)[]): string {
  const { file, line, col } = source.valuePosition(path);
  return `${file}:${line}:${col}`;
}


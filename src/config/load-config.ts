/**
 * YAML files -> validated `DesiredState`. Every problem in every file is collected (YAML
 * syntax, schema, semantics) and thrown together as one `ConfigError` with file:line:col;
 * nothing here touches the network.
 */
import { isAbsolute, relative } from 'node:path';
import type { DesiredGroup, DesiredState, EditionLimits, IdStrategy, MovedKey, RemovedKey } from '../model/group.js';
import { checkMovesAndRemovals } from './check-moves.js';
import { checkAcrossFiles, checkGroup } from './check-semantics.js';
import { ConfigError, type ConfigIssue, sortIssues } from './config-error.js';
import { buildDesiredGroup } from './build-desired.js';
import { findConfigFiles } from './find-config-files.js';
import type { ParsedFile, RawDefaults, RawGroup, RawLimits, RawMove } from './raw-config.js';
import { readIdStrategy } from './read-id-strategy.js';
import { readLimits } from './read-limits.js';
import { configSchema } from './schema.js';
import { checkSchema, type SchemaCheck } from './schema-issues.js';
import { append } from '../util/append.js';
import { compareText } from '../util/compare-text.js';
import { readConfigFile } from './read-config-file.js';
import { parseYamlSource } from './yaml-fast-source.js';
import type { YamlSource } from './yaml-source.js';

/** Where PATHs are relative to, and what file names in messages are relative to. */
export interface LoadOptions {
  /** Base for relative PATHs and for the file names in messages; default `process.cwd()`. */
  cwd?: string;
}

/** Read, check and merge the config at PATHs (files or folders); throws `ConfigError`. */
export async function loadConfig(paths: string[], options: LoadOptions = {}): Promise<DesiredState> {
  const { files, issues, limits, idStrategy } = await readConfig(paths, options);
  if (issues.length > 0) throw new ConfigError(issues);
  const groups: DesiredGroup[] = [];
  for (const file of files) {
    for (const { key, group } of file.groups) groups.push(buildDesiredGroup(file, key, group));
  }
  groups.sort((a, b) => compareText(a.key, b.key));
  const state: DesiredState = { groups: new Map(groups.map((group) => [group.key, group])), files: files.map((file) => file.source.file) };
  const moved: MovedKey[] = [];
  const removed: RemovedKey[] = [];
  for (const { source, moved: moves, removed: keys } of files) {
    for (const { from, to, index } of moves) moved.push({ from, to, source: source.valuePosition(['moved', index, 'from']) });
    for (const { key, index } of keys) removed.push({ key, source: source.valuePosition(['removed', index]) });
  }
  if (moved.length > 0) state.moved = moved.sort((a, b) => compareText(a.to, b.to));
  if (removed.length > 0) state.removed = removed.sort((a, b) => compareText(a.key, b.key));
  if (Object.keys(limits).length > 0) state.limits = limits;
  if (idStrategy !== undefined) state.idStrategy = idStrategy;
  return state;
}

/** The same checks without building the result: every issue, sorted (empty when valid). */
export async function validateConfig(paths: string[], options: LoadOptions = {}): Promise<ConfigIssue[]> {
  return (await readConfig(paths, options)).issues;
}

async function readConfig(
  paths: string[],
  options: LoadOptions,
): Promise<{ files: ParsedFile[]; issues: ConfigIssue[]; limits: EditionLimits; idStrategy?: DesiredState['idStrategy'] }> {
  const cwd = options.cwd ?? process.cwd();
  const display = (absolute: string): string => {
    const shown = relative(cwd, absolute);
    // A file outside the working folder reads better by its full path than as ../../x.
    return shown === '' || isAbsolute(shown) || shown.startsWith('..') ? absolute : shown;
  };
  const found = findConfigFiles(paths, cwd, display);
  const issues: ConfigIssue[] = [...found.issues];
  const schema = configSchema();
  const files: ParsedFile[] = [];
  for (const path of found.files) {
    const file = display(path);
    const read = await readConfigFile(path, file);
    if ('issue' in read) {
      issues.push(read.issue);
      continue;
    }
    const source = parseYamlSource(file, read.text);
    append(issues, source.issues);
    if (source.issues.length > 0 && source.data === undefined) continue;
    const check = checkSchema(source, schema);
    append(issues, check.issues);
    if (!check.usable) continue;
    const parsed = toParsedFile(source, check, issues);
    for (const { key, group } of parsed.groups) {
      if (typeof group === 'object' && group !== null) append(issues, checkGroup(parsed, key, group));
    }
    files.push(parsed);
  }
  append(issues, checkAcrossFiles(files));
  append(issues, checkMovesAndRemovals(files));
  const { limits, issues: limitIssues } = readLimits(files);
  append(issues, limitIssues);
  const { idStrategy, issues: strategyIssues } = readIdStrategy(files);
  append(issues, strategyIssues);
  return { files, issues: sortIssues(issues), limits, ...(idStrategy !== undefined ? { idStrategy } : {}) };
}

/** One file's data, the parts the schema rejected left empty (their issues are reported already). */
function toParsedFile(source: YamlSource, check: SchemaCheck, issues: ConfigIssue[]): ParsedFile {
  const data = source.data as {
    defaults?: RawDefaults;
    groups?: Record<string, RawGroup>;
    moved?: Omit<RawMove, 'index'>[];
    removed?: string[];
    limits?: RawLimits;
    id_strategy?: unknown;
  };
  if (data.groups === undefined && data.moved === undefined && data.removed === undefined && data.limits === undefined && data.id_strategy === undefined) {
    issues.push({ file: source.file, line: 1, col: 1, field: 'groups', message: 'is required: a config file declares `groups:`' });
  }
  return {
    source,
    defaults: check.defaultsValid ? (data.defaults ?? {}) : {},
    defaultsValid: check.defaultsValid,
    groups: Object.entries(data.groups ?? {}).map(([key, group]) => ({ key, group })),
    moved: check.movedValid ? (data.moved ?? []).map(({ from, to }, index) => ({ from, to, index })) : [],
    removed: check.removedValid ? (data.removed ?? []).map((key, index) => ({ key, index })) : [],
    limits: check.limitsValid ? (data.limits ?? {}) : {},
    ...(isIdStrategy(data.id_strategy) ? { idStrategy: data.id_strategy } : {}),
  };
}

/** A value the schema passed (a rejected one is reported there already). */
function isIdStrategy(value: unknown): value is IdStrategy {
  return value === 'service' || value === 'chosen';
}

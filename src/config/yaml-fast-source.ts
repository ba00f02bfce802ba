/**
 * The fast reading of a config file. js-yaml reads the data about twenty times faster
 * than the `yaml` package's Document (a 10,000-group file: 0.2 s instead of 4 s; a
 * 100,000-group one would not fit the benchmark's memory budget otherwise). The only
 * positions a valid file needs are those of its group keys, and a line scan finds them.
 * Anything else — a problem to report, or a file the scan does not understand — goes to
 * the precise reading (yaml-source.ts), built on first use and, for a problem in one
 * group, of that group's lines only, so every message still names the exact line and
 * column without a Document of the whole file.
 */
import jsYaml from 'js-yaml';
import type { SourceRef } from '../model/group.js';
import { type GroupScan, readPiecewise } from './yaml-pieces.js';
import { parsePreciseYamlSource, plainYamlMessage, type YamlSource } from './yaml-source.js';

/** YAML 1.2 core types plus merge keys: what the precise reading understands, nothing more (no timestamps). */
const SCHEMA = jsYaml.CORE_SCHEMA.extend({
  // Merge keys resolve implicitly, from `<<`; @types/js-yaml does not declare `types`.
  implicit: [(jsYaml as unknown as { types: { merge: jsYaml.Type } }).types.merge],
});

/** A config file read fast (js-yaml), with positions from the precise reading only where a message needs one. */
export function parseYamlSource(file: string, text: string): YamlSource {
  const fast = readFast(text);
  if ('error' in fast && text.length > PRECISE_READING_LIMIT) return syntaxErrorSource(file, text, fast.error);
  const data = 'data' in fast ? fast.data : undefined;
  const scan = data && scanGroups(text, data);
  if (!data || !scan) return parsePreciseYamlSource(file, text);

  const { keys } = scan;
  const readers = new WeakMap<object, YamlSource>();
  const exact = readPiecewise(file, text, scan, data);
  const groupKey = (path: readonly (string | number)[]): SourceRef | undefined => {
    const found = path.length === 2 && path[0] === 'groups' ? keys.get(String(path[1])) : undefined;
    // Written out, not spread: three in-object fields, no property array (50,000 of them live all run).
    return found && { file, line: found.line, col: found.col };
  };
  return {
    file,
    data,
    issues: [],
    locate: (path) => {
      const source = exact(path);
      const found = source.locate(path);
      for (const node of [found.key, found.value]) if (node) readers.set(node, source);
      return found;
    },
    // A node's line is counted by the reading (whole file or piece) it was located in.
    position: (node) => (node && readers.get(node)?.position(node)) || { file, line: 1, col: 1 },
    keyPosition: (path) => groupKey(path) ?? exact(path).keyPosition(path),
    valuePosition: (path) => exact(path).valuePosition(path),
    sourceText: (path) => exact(path).sourceText(path),
    // The scan admitted only group keys that read as the strings they look like.
    nonStringKey: (path) => (groupKey(path) ? undefined : exact(path).nonStringKey(path)),
  };
}

/**
 * Above this size a syntax error is reported where js-yaml found it, with its words,
 * instead of building the precise Document (about 100 bytes of memory per byte of YAML and
 * 1 MB/s: a 20 MB file with a typo on its last line would take 2 GB and most of a minute).
 */
export const PRECISE_READING_LIMIT = 2 * 1024 * 1024;

function syntaxErrorSource(file: string, text: string, error: Error): YamlSource {
  const mark = (error as { mark?: { line: number; column: number } }).mark;
  const reason = plainYamlMessage((error as { reason?: string }).reason ?? error.message);
  const line = mark ? mark.line + 1 : 1;
  const col = mark ? mark.column + 1 : 1;
  let precise: YamlSource | undefined;
  const exact = (): YamlSource => (precise ??= parsePreciseYamlSource(file, text));
  return {
    file,
    data: undefined,
    issues: [{ file, line, col, field: 'yaml', message: reason }],
    locate: (path) => exact().locate(path),
    position: (node) => exact().position(node),
    keyPosition: (path) => exact().keyPosition(path),
    valuePosition: (path) => exact().valuePosition(path),
    sourceText: (path) => exact().sourceText(path),
    nonStringKey: (path) => exact().nonStringKey(path),
  };
}

/** The data; the error when js-yaml refused the text; or neither when the precise reading should decide (odd files, alias bombs). */
function readFast(text: string): { data: { groups: Record<string, unknown> } } | { error: Error } | Record<string, never> {
  let data: unknown;
  try {
    data = jsYaml.load(text, { schema: SCHEMA });
  } catch (error) {
    return { error: error as Error };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return {};
  const groups = (data as { groups?: unknown }).groups;
  if (groups === null || typeof groups !== 'object' || Array.isArray(groups)) return {};
  // js-yaml shares aliased nodes instead of copying them; a "billion laughs" file would
  // be small here and explode later. Expanded size far beyond the text: let the precise
  // reading (with its alias limit) answer.
  if (!withinExpandedSize(data, text.length + 10_000)) return {};
  return { data: data as { groups: Record<string, unknown> } };
}

function withinExpandedSize(root: unknown, budget: number): boolean {
  const stack: unknown[] = [root];
  let count = 0;
  while (stack.length > 0) {
    const value = stack.pop();
    if (++count > budget) return false;
    // One push per value: spreading a 200,000-group mapping into push() overflows the call stack.
    if (value !== null && typeof value === 'object') for (const child of Object.values(value)) stack.push(child);
  }
  return true;
}

const NOT_A_STRING = [
  /^(?:~|null|Null|NULL)$/,
  /^(?:true|True|TRUE|false|False|FALSE)$/,
  /^[-+]?[0-9]+$/,
  /^0o[0-7]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/,
  /^[-+]?\.(?:inf|Inf|INF)$/,
  /^\.(?:nan|NaN|NAN)$/,
];

const KEY_LINE = /^( +)(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s"'#&*!|>%@`[\]{},?:-][^#]*?|-[^\s#][^#]*?))\s*:(?:\s|$)/;

/**
 * Line and column of every key of the top-level block mapping `groups:`, when the file is
 * written the plain way; undefined for anything else (flow style, merge keys or complex keys
 * among the groups, a key that reads as a number, tabs), which the precise reading handles.
 */
export function scanGroupKeys(text: string, data: { groups: Record<string, unknown> }): Map<string, { line: number; col: number }> | undefined {
  return scanGroups(text, data)?.keys;
}

function scanGroups(text: string, data: { groups: Record<string, unknown> }): GroupScan | undefined {
  if (text.includes('\t')) return undefined;
  // Walked by offsets, not split: the lines of every file are kept only when a message needs
  // them (readPiecewise), and a deeper line is measured without a string of its own (issue 23).
  const keys = new Map<string, { line: number; col: number }>();
  let start = -1;
  let end = -1;
  let indent = 0;
  let i = 0;
  for (let from = 0; from <= text.length; i++) {
    const newline = text.indexOf('\n', from);
    const to = newline < 0 ? text.length : newline;
    const lineFrom = from;
    from = to + 1;
    if (start < 0 || end >= 0) {
      // Outside the block only a top-level `groups:` matters: the first opens it, any other refuses the scan.
      if (text.charCodeAt(lineFrom) !== LOWER_G || !text.startsWith('groups', lineFrom)) continue;
      const line = text.slice(lineFrom, to);
      if (start < 0) {
        if (GROUPS_LINE.test(line)) start = i;
      } else if (/^groups\s*:/.test(line)) return undefined;
      continue;
    }
    let depth = indentAt(text, lineFrom) - lineFrom;
    const first = text.charCodeAt(lineFrom + depth);
    let line: string;
    if (first > SPACE && first < DEL && first !== HASH) {
      if (indent > 0 && depth > indent) continue;
      line = text.slice(lineFrom, text.charCodeAt(to - 1) === CR ? to - 1 : to);
    } else {
      // Blank, a comment, or other white space first: read as written.
      line = text.slice(lineFrom, to).replace(/\r$/, '');
      const content = line.trimStart();
      if (content === '' || content.startsWith('#')) continue;
      depth = line.length - content.length;
    }
    if (depth === 0) {
      if (line === '---' || line === '...') return undefined;
      end = i;
      // This line may itself be a second `groups:`.
      if (/^groups\s*:/.test(line)) return undefined;
      continue;
    }
    if (indent === 0) indent = depth;
    if (depth < indent) return undefined;
    if (depth > indent) continue;
    const match = KEY_LINE.exec(line);
    if (!match || match[1]!.length !== indent) return undefined;
    const key = unquote(match);
    if (key === undefined || key === '<<' || keys.has(key)) return undefined;
    keys.set(key, { line: i + 1, col: indent + 1 });
  }
  if (start < 0) return undefined;
  const declared = Object.keys(data.groups);
  if (declared.length !== keys.size || declared.some((k) => !keys.has(k))) return undefined;
  let lines: string[] | undefined;
  return { lines: () => (lines ??= text.split('\n')), start, end: end >= 0 ? end : i, keys };
}

const GROUPS_LINE = /^groups\s*:(?:\s+&\S+)?\s*(?:#.*)?\r?$/;
const LOWER_G = 0x67;
const CR = 0x0d;

const SPACE = 0x20;
const HASH = 0x23;
const DEL = 0x7f;

/** Where the leading spaces of the line at `from` end (tabs never reach here: a file with one goes to the precise reading). */
function indentAt(text: string, from: number): number {
  let i = from;
  while (text.charCodeAt(i) === SPACE) i++;
  return i;
}

function unquote(match: RegExpExecArray): string | undefined {
  const [, , double, single, plain] = match;
  if (double !== undefined) {
    try {
      return JSON.parse(`"${double}"`) as string;
    } catch {
      return undefined;
    }
  }
  if (single !== undefined) return single.replaceAll("''", "'");
  const text = plain!.trimEnd();
  return NOT_A_STRING.some((re) => re.test(text)) ? undefined : text;
}

/**
 * One config file as YAML: the parsed document (merge keys on, anchors and aliases
 * allowed), its plain data, and a way back from a data path to the line and column where
 * the value was written, following aliases and merge keys to where they were defined.
 */
import { createRequire } from 'node:module';
import type * as YamlModule from 'yaml';
import type { Document, Node, YAMLMap } from 'yaml';
import type { SourceRef } from '../model/group.js';
import type { ConfigIssue } from './config-error.js';
import { describeYamlProblem } from './yaml-messages.js';

// Required on the first precise reading, not at start-up: a valid file is read by js-yaml
// alone (yaml-fast-source.ts), and `yaml` costs about 40 ms to load (issue 23, start-up).
// The package's `node` entry is CommonJS, so this is the same module an `import` would give.
const requireFromHere = createRequire(import.meta.url);
let loaded: typeof YamlModule | undefined;
const yaml = (): typeof YamlModule => (loaded ??= requireFromHere('yaml') as typeof YamlModule);

/** Where a path leads: the value's node and, for a mapping entry, its key's node. */
export interface Located {
  value?: Node | null;
  key?: Node;
}

/** A config file's data with the means to place any path in it at a line and column. */
export interface YamlSource {
  /** The file as shown in messages. */
  file: string;
  /** Plain data, or undefined when the YAML did not parse. */
  data: unknown;
  /** Syntax errors and warnings, with positions. */
  issues: ConfigIssue[];
  /** Find the nodes at a data path (`['groups', 'eng', 'admins', 0]`); as deep as it gets. */
  locate(path: readonly (string | number)[]): Located;
  /** Line and column of a node's start (1-based); 1:1 when there is none. */
  position(node: Node | null | undefined): SourceRef;
  /** Position of the key of the entry at `path` when there is one, else of its value. */
  keyPosition(path: readonly (string | number)[]): SourceRef;
  /** Position of the value at `path` when it was written, else of its key. */
  valuePosition(path: readonly (string | number)[]): SourceRef;
  /** The value's text as written (`228000000000000` before it became a number). */
  sourceText(path: readonly (string | number)[]): string | undefined;
  /** When the key of the entry at `path` was written as a scalar that is not a string (`007:`), how it reads. */
  nonStringKey(path: readonly (string | number)[]): { written: string; type: string; value: string } | undefined;
}

/** Billion-laughs guard: far above what any real config needs. */
const MAX_ALIAS_COUNT = 1000;

/**
 * The precise reading: the `yaml` package's Document, with a position for every node.
 * Exact but slow (about 1 MB/s); yaml-fast-source.ts uses it only where it must.
 * `lineAt` maps the text's lines to the file's, when the text is a piece of the file.
 */
export function parsePreciseYamlSource(file: string, text: string, lineAt: (line: number) => number = (line) => line): YamlSource {
  const lineCounter = new (yaml().LineCounter)();
  // The package's own duplicate-key check compares each key with every earlier one of its
  // mapping: a 200,000-group file would take hours. findDuplicateKeys does the same with a Map.
  const doc = yaml().parseDocument(text, { lineCounter, merge: true, prettyErrors: false, uniqueKeys: false });
  const position = (node: Node | null | undefined): SourceRef => {
    const offset = node?.range?.[0];
    const { line, col } = offset === undefined ? { line: 1, col: 1 } : lineCounter.linePos(offset);
    return { file, line: lineAt(line), col };
  };
  const problems = [...doc.errors, ...findDuplicateKeys(doc, lineCounter), ...doc.warnings];
  const issues: ConfigIssue[] = problems
    .map((problem): ConfigIssue => {
      const { offset, message } = describeYamlProblem(yaml(), text, problem, plainYamlMessage);
      const { line, col } = lineCounter.linePos(offset);
      return { file, line: lineAt(line), col, field: 'yaml', message };
    })
    // One overflow is told once: the reader may fail again on each level it unwinds. And one
    // mistake once: the parser may report it twice at one place, in words that are ours alike.
    .filter((issue, i, all) => all.findIndex((other) => other.message === issue.message && (issue.message === DEEP || (other.line === issue.line && other.col === issue.col))) === i);
  let data: unknown;
  if (doc.errors.length === 0 && issues.length === doc.warnings.length) {
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      issues.push({ file, line: 1, col: 1, field: 'yaml', message: plainYamlMessage((error as Error).message) });
    }
  }
  const locate = (path: readonly (string | number)[]): Located => locateIn(doc, path);
  return {
    file,
    data,
    issues,
    locate,
    position,
    keyPosition: (path) => {
      const found = locate(path);
      return position(found.key ?? found.value);
    },
    valuePosition: (path) => {
      const found = locate(path);
      const value = found.value;
      // `members:` with nothing after it has a null scalar with an empty range; point at the key.
      const written = value && value.range && value.range[1] > value.range[0] ? value : undefined;
      return position(written ?? found.key);
    },
    sourceText: (path) => {
      const value = locate(path).value;
      return yaml().isScalar(value) && typeof value.source === 'string' ? value.source : undefined;
    },
    nonStringKey: (path) => {
      const key = locate(path).key;
      if (!yaml().isScalar(key) || typeof key.value === 'string') return undefined;
      return { written: key.source ?? String(key.value), type: typeof key.value, value: String(key.value) };
    },
  };
}

/** Every scalar key written a second time in its mapping, at that second key (what `uniqueKeys: true` reports). */
function findDuplicateKeys(doc: Document, lines: YamlModule.LineCounter): { code: string; pos: [number, number]; message: string }[] {
  const found: { code: string; pos: [number, number]; message: string }[] = [];
  yaml().visit(doc, {
    Map(_, map) {
      const seen = new Map<unknown, number>();
      for (const pair of map.items) {
        if (!yaml().isScalar(pair.key) || isMergeKey(pair.key) || pair.key.range === undefined || pair.key.range === null) continue;
        const first = seen.get(pair.key.value);
        if (first === undefined) seen.set(pair.key.value, pair.key.range[0]);
        else {
          const message = `key "${String(pair.key.value)}" is written twice in one mapping (first at line ${lines.linePos(first).line}); keep one`;
          found.push({ code: 'DUPLICATE_KEY', pos: [pair.key.range[0], pair.key.range[1]], message });
        }
      }
    },
  });
  return found;
}

/** The yaml package appends "at line N, column M:" and a code frame; we print our own position. */
/**
 * A YAML reader's message in one line and in our words where its own say nothing useful:
 * a file nested thousands of levels deep overflows the readers' stacks ("Maximum call stack
 * size exceeded"), and js-yaml stops block nesting at 100 levels.
 */
export function plainYamlMessage(message: string): string {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').trim();
  return /maximum call stack size exceeded|nesting exceeded maxDepth/i.test(first) ? DEEP : first;
}

const DEEP =
  'nested too deeply to read (thousands of levels of [ ], { } or indentation, or more than 100 indented levels); a groupctl configuration needs only a few';

function locateIn(doc: Document, path: readonly (string | number)[]): Located {
  let current: Located = { value: doc.contents as Node | null };
  for (const segment of path) {
    const next = step(doc, current.value, segment);
    if (!next) break;
    current = next;
  }
  return current;
}

/**
 * Entries of a mapping by key, built once per mapping: locating every group of a
 * 10,000-group file would otherwise scan the `groups` mapping once per group.
 */
const keyIndexes = new WeakMap<YAMLMap, Map<string, { key: Node; value: Node | null }>>();

function keyIndex(map: YAMLMap): Map<string, { key: Node; value: Node | null }> {
  let index = keyIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const pair of map.items) {
      if (!yaml().isScalar(pair.key) || isMergeKey(pair.key)) continue;
      const name = String(pair.key.value);
      // The first entry wins, as the scan this replaces did (duplicates are a parse error anyway).
      if (!index.has(name)) index.set(name, { key: pair.key, value: pair.value as Node | null });
    }
    keyIndexes.set(map, index);
  }
  return index;
}

function step(doc: Document, node: Node | null | undefined, segment: string | number): Located | undefined {
  const target = resolve(doc, node);
  if (yaml().isSeq(target)) {
    const item = target.items[Number(segment)] as Node | undefined;
    return item === undefined ? undefined : { value: item };
  }
  if (!yaml().isMap(target)) return undefined;
  const written = keyIndex(target).get(String(segment));
  if (written) return written;
  // Not written here: it came in through `<<:`; look where the merged mapping defined it.
  for (const pair of target.items) {
    if (!yaml().isScalar(pair.key) || !isMergeKey(pair.key)) continue;
    const sources = yaml().isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const source of sources) {
      const found = step(doc, source as Node, segment);
      if (found) return found;
    }
  }
  return undefined;
}

function isMergeKey(key: { value: unknown; source?: string }): boolean {
  return typeof key.value === 'symbol' || key.source === '<<';
}

function resolve(doc: Document, node: Node | null | undefined): Node | null | undefined {
  let current = node;
  for (let hops = 0; yaml().isAlias(current) && hops < 100; hops++) current = current.resolve(doc) as Node | undefined;
  return current;
}

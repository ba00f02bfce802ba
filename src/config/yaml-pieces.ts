/**
 * The precise reading of a plain config file piece by piece (see readPiecewise), so that
 * a problem in one group of a large file costs a Document of that group, not of the file.
 */
import { isDeepStrictEqual } from 'node:util';
import { parsePreciseYamlSource, type YamlSource } from './yaml-source.js';

/**
 * Plain YAML data (objects, arrays, scalars) read the same by both readings, whatever the
 * key order. Node's own comparison: no code of ours and no dependency (fast-deep-equal
 * was dropped as unused); it is stricter (prototypes, symbols), and a false "differs"
 * only costs a precise reading of the whole file.
 */
const equal = isDeepStrictEqual;

/** A plain file's lines (split on first use), the index of its `groups:` line and of the first line after that block, and where each group key is. */
export interface GroupScan {
  lines: () => readonly string[];
  start: number;
  end: number;
  keys: Map<string, { line: number; col: number }>;
}

/**
 * The precise reading of only the part of the file a path lies in: the lines above
 * `groups:` (where anchors usually live) plus one group's lines, or everything but the
 * groups. A problem in the last group of a 200,000-group file costs a Document of one
 * group. When a piece does not read as the whole file did (an alias to an anchor in
 * another group, say), the whole file is read precisely after all.
 */
export function readPiecewise(file: string, text: string, scan: GroupScan, data: { groups: Record<string, unknown> }): (path: readonly (string | number)[]) => YamlSource {
  let whole: YamlSource | undefined;
  const exact = (): YamlSource => (whole ??= parsePreciseYamlSource(file, text));
  const pieces = new Map<string, YamlSource>();
  // Built on the first problem only: a valid file never needs them.
  let keyLines: number[] | undefined;
  let keyOrder: Map<string, number> | undefined;
  let rest: YamlSource | undefined;
  return (path) => {
    if (whole) return whole;
    if (path[0] === 'groups') {
      keyLines ??= [...scan.keys.values()].map((k) => k.line - 1);
      keyOrder ??= new Map([...scan.keys.keys()].map((key, i) => [key, i] as const));
      // `groups` itself: the first group's piece has its key and where its value starts.
      const key = path.length >= 2 ? String(path[1]) : scan.keys.keys().next().value!;
      const index = keyOrder.get(key);
      if (index === undefined) return exact();
      let piece = pieces.get(key);
      if (!piece) {
        const from = keyLines[index]!;
        const to = index + 1 < keyLines.length ? keyLines[index + 1]! : scan.end;
        piece = readPiece(file, scan.lines(), [[0, scan.start + 1], [from, to]]);
        const read = piece.data as { groups?: Record<string, unknown> } | undefined;
        if (piece.issues.length > 0 || !read?.groups || !Object.hasOwn(read.groups, key) || !equal(read.groups[key], data.groups[key])) return exact();
        pieces.set(key, piece);
      }
      return piece;
    }
    if (!rest) {
      const piece = readPiece(file, scan.lines(), [[0, scan.start + 1], [scan.end, scan.lines().length]]);
      const read = piece.data as Record<string, unknown> | undefined;
      if (piece.issues.length > 0 || !read || !equal(withoutGroups(read), withoutGroups(data))) return exact();
      rest = piece;
    }
    return rest;
  };
}

/** The precise reading of some ranges of lines ([from, to) indexes), its positions those of the whole file. */
function readPiece(file: string, lines: readonly string[], ranges: readonly (readonly [number, number])[]): YamlSource {
  const parts: string[] = [];
  const starts: { at: number; from: number }[] = [];
  for (const [from, to] of ranges) {
    if (to <= from) continue;
    starts.push({ at: parts.length + 1, from: from + 1 });
    for (let i = from; i < to; i++) parts.push(lines[i]!);
  }
  const lineAt = (line: number): number => {
    let range = starts[0]!;
    for (const candidate of starts) if (candidate.at <= line) range = candidate;
    return range.from + (line - range.at);
  };
  return parsePreciseYamlSource(file, parts.join('\n') + '\n', lineAt);
}

function withoutGroups(data: object): object {
  const copy: Record<string, unknown> = { ...data };
  delete copy.groups;
  return copy;
}

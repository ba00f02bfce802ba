/**
 * A YAML syntax error in our words, at the place the mistake is written (issue 22): the
 * `yaml` package reports some where it gave up (an unclosed quote at the end of the file,
 * a badly indented entry at the start of its line) and in words meant for YAML experts.
 */
import type * as YamlModule from 'yaml';

/** One error of the `yaml` package (YAMLParseError, YAMLWarning) or of findDuplicateKeys. */
export interface YamlProblem {
  code?: string;
  pos: [number, number];
  message: string;
}

/** Where the mistake starts (an offset into the text) and what to do about it. */
export interface YamlMistake {
  offset: number;
  message: string;
}

/**
 * Our words for the errors a hand-written config runs into; any other keeps the parser's
 * first line (`fallback`), at the parser's place.
 */
export function describeYamlProblem(yaml: typeof YamlModule, text: string, problem: YamlProblem, fallback: (message: string) => string): YamlMistake {
  const at = problem.pos[0];
  switch (problem.code) {
    case 'TAB_AS_INDENT':
      return { offset: at, message: 'a tab indents this line; YAML indents with spaces only' };
    case 'MISSING_CHAR': {
      const quote = /Missing closing (["'])quote/.exec(problem.message)?.[1];
      const opened = quote === undefined ? undefined : unclosedToken(yaml, text, at, (t) => isUnclosedQuote(t, quote));
      if (opened !== undefined) return { offset: opened, message: `this value opens a ${quote} quote that is never closed: add the closing ${quote} (else the value runs to the end of the file)` };
      break;
    }
    case 'BAD_INDENT': {
      if (/^All (mapping|sequence) items must start at the same column/.test(problem.message)) {
        return { offset: firstWritten(text, at), message: 'indented differently from the entries above it: entries of one mapping (or list) start at the same column' };
      }
      const bracket = /^Flow (sequence|mapping)/.exec(problem.message) ? unclosedToken(yaml, text, at, isUnclosedFlow) : undefined;
      if (bracket !== undefined) return { offset: bracket, message: `this ${text[bracket]} is never closed: add the ${text[bracket] === '[' ? ']' : '}'} where the list ends` };
      break;
    }
    case 'MULTILINE_IMPLICIT_KEY': {
      const glued = /^([^\s:#'"]+):([^\s]\S*)/.exec(text.slice(at, lineEnd(text, at)));
      if (glued) return { offset: at, message: `add a space after the colon: "${glued[1]}: ${glued[2]}", not "${glued[1]}:${glued[2]}"` };
      return { offset: at, message: RUNS_ON };
    }
    case 'BLOCK_AS_IMPLICIT_KEY':
      // `name: a: b`, or a value whose next line is indented too far (the parser reports both ways).
      if (/:(\s|$)/.test(text.slice(at, lineEnd(text, at)))) return { offset: at, message: 'this value has ": " in it, which starts a mapping: put the value in quotes ("a: b")' };
      return { offset: at, message: RUNS_ON };
  }
  return { offset: at, message: fallback(problem.message) };
}

const RUNS_ON = 'this value and the next line read as one key (a key fits on one line): indent the next line like the entries above it, or quote the value';

/** The first character written on the line at `offset` (its indentation skipped). */
function firstWritten(text: string, offset: number): number {
  let i = offset;
  while (text[i] === ' ') i++;
  return i < lineEnd(text, offset) ? i : offset;
}

function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end === -1 ? text.length : end;
}

/** A syntax token of the parser's concrete tree (a scalar, a flow collection, ...). */
interface CstToken {
  type?: string;
  offset?: number;
  source?: string;
  start?: CstToken;
  end?: CstToken[];
}

/** The offset of the last token before `before` that `unclosed` accepts, read from the parser's concrete tree. */
function unclosedToken(yaml: typeof YamlModule, text: string, before: number, unclosed: (token: CstToken) => boolean): number | undefined {
  let found: number | undefined;
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (value === null || typeof value !== 'object') return;
    const token = value as CstToken;
    if (typeof token.offset === 'number' && token.offset < before && unclosed(token) && (found === undefined || token.offset > found)) found = token.offset;
    for (const child of Object.values(value)) if (typeof child === 'object') walk(child);
  };
  for (const token of new yaml.Parser().parse(text)) walk(token);
  return found;
}

function isUnclosedQuote(token: CstToken, quote: string): boolean {
  if (token.source === undefined) return false;
  if (quote === '"') return token.type === 'double-quoted-scalar' && !/^"(?:[^"\\]|\\[\s\S])*"$/.test(token.source);
  return token.type === 'single-quoted-scalar' && !/^'(?:[^']|'')*'$/.test(token.source);
}

function isUnclosedFlow(token: CstToken): boolean {
  if (token.type !== 'flow-collection' || token.start?.source === undefined) return false;
  const close = token.start.source === '[' ? ']' : '}';
  return !(token.end ?? []).some((t) => t.source === close);
}

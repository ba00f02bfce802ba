/**
 * A small, strict argument parser: every command declares its flags, unknown flags and
 * commands are answered with a did-you-mean, and values are checked before any work.
 */
import { closest } from '../util/did-you-mean.js';

/** `list` takes the words after it too (`--group A B`); `repeat` takes one value per use (`--target a --target b`). */
export type FlagKind = 'boolean' | 'string' | 'number' | 'list' | 'repeat' | 'optional-file';

/** One flag of a command: how its value is taken, and its --help line. */
export interface FlagSpec {
  kind: FlagKind;
  /** One line for --help. */
  help: string;
  /** Placeholder for the value in --help. */
  value?: string;
  short?: string;
}

/** A command's flags by name (without the leading --). */
export type FlagSpecs = Record<string, FlagSpec>;

/** The words of a command line once parsed: flag values by name, and the PATHs and other words in order. */
export interface ParsedArgs {
  flags: Record<string, string | number | boolean | string[] | undefined>;
  positionals: string[];
}

/** A command line that cannot be run as given; the message says what to type instead. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** What the parser may ask of the world (kept out of it, so it stays pure). */
export interface ParseOptions {
  /** True when a word names an existing folder (a config PATH); default: never. */
  isFolder?: (word: string) => boolean;
}

/**
 * Whether an `optional-file` flag (`--sandbox [FILE]`) takes the next word as its FILE:
 * `--sandbox=FILE` always does; `--sandbox WORD` takes WORD unless it is a flag or looks
 * like a config PATH (a `.yaml` / `.yml` file, a word ending in `/`, or an existing folder),
 * so `plan --sandbox groups/` keeps `groups/` as a PATH and `--sandbox my.db` is a FILE.
 */
export function takesOptionalFile(next: string | undefined, options: ParseOptions): next is string {
  if (next === undefined || next.startsWith('-')) return false;
  if (/\.ya?ml$/i.test(next) || next.endsWith('/') || next.endsWith('\\')) return false;
  return !(options.isFolder?.(next) ?? false);
}

/** Parses one command's words against its flag table; throws a UsageError that names the flag and the fix. */
export function parseArgs(argv: readonly string[], specs: FlagSpecs, command: string, options: ParseOptions = {}): ParsedArgs {
  const flags: ParsedArgs['flags'] = {};
  const positionals: string[] = [];
  const shorts = new Map(Object.entries(specs).flatMap(([name, s]) => (s.short ? [[s.short, name]] : [])));
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (onlyPositionals || !word.startsWith('-') || word === '-') {
      positionals.push(word);
    } else if (word === '--') {
      onlyPositionals = true;
    } else {
      const eq = word.startsWith('--') ? word.indexOf('=') : -1;
      const name = word.startsWith('--') ? word.slice(2, eq > 0 ? eq : undefined) : shorts.get(word.slice(1)) ?? word;
      const words: Words = { argv, at: i, inline: eq > 0 ? word.slice(eq + 1) : undefined };
      readFlag(flags, name, word, words, { specs, command, options });
      i = words.at;
    }
  }
  return { flags, positionals };
}

/** The words being parsed: `at` is the flag's own word, and moves on past each value taken. */
interface Words {
  argv: readonly string[];
  at: number;
  /** The value written into the flag's word (`--out=FILE`). */
  inline: string | undefined;
}

/** Stores one flag's value in `flags`, taking the words after it that belong to it. */
function readFlag(
  flags: ParsedArgs['flags'],
  name: string,
  word: string,
  words: Words,
  table: { specs: FlagSpecs; command: string; options: ParseOptions },
): void {
  // Own entries only: `--constructor` is an unknown flag, not Object's constructor.
  const specOf = (flag: string): FlagSpec | undefined => (Object.hasOwn(table.specs, flag) ? table.specs[flag] : undefined);
  if (name.startsWith('no-') && specOf(name) === undefined && specOf(name.slice(3))?.kind === 'boolean') {
    flags[name.slice(3)] = false;
    return;
  }
  const spec = specOf(name);
  if (!spec) {
    const guess = closest(name, Object.keys(table.specs));
    throw new UsageError(
      `unknown flag ${word} for "groupctl ${table.command}"` +
        (guess ? `; did you mean --${guess}?` : '') +
        `\nRun "npx groupctl ${table.command} --help" for the flags it takes.`,
    );
  }
  flags[name] = valueOf(spec, name, flags[name], words, table.options);
}

/** The flag's value by its kind; `earlier` is what the flag holds from an earlier use (lists grow). */
function valueOf(spec: FlagSpec, name: string, earlier: ParsedArgs['flags'][string], words: Words, options: ParseOptions): ParsedArgs['flags'][string] {
  const { argv, inline } = words;
  switch (spec.kind) {
    case 'boolean':
      if (inline !== undefined && !/^(true|false)$/.test(inline)) throw new UsageError(`flag --${name} takes no value (got "${inline}")`);
      return inline === undefined ? true : inline === 'true';
    case 'string':
      return takeValue(spec, name, words);
    case 'number': {
      const raw = takeValue(spec, name, words);
      const n = Number(raw);
      if (!Number.isFinite(n) || raw.trim() === '') throw new UsageError(`flag --${name} takes a number, got "${raw}"`);
      return n;
    }
    case 'list': {
      const list = [...((earlier as string[] | undefined) ?? []), ...takeValue(spec, name, words).split(',').filter(Boolean)];
      // `--group A B C`: later words that are not flags belong to the list too.
      while (inline === undefined && argv[words.at + 1] !== undefined && !argv[words.at + 1]!.startsWith('-')) {
        list.push(...argv[++words.at]!.split(',').filter(Boolean));
      }
      return list;
    }
    case 'repeat':
      return [...((earlier as string[] | undefined) ?? []), takeValue(spec, name, words)];
    case 'optional-file':
      if (inline !== undefined) return inline;
      return takesOptionalFile(argv[words.at + 1], options) ? argv[++words.at]! : true;
  }
}

/** The flag's value: written into its word, else the next word (which must not be a flag). */
function takeValue(spec: FlagSpec, name: string, words: Words): string {
  if (words.inline !== undefined) return words.inline;
  const next = words.argv[words.at + 1];
  if (next === undefined || (next.startsWith('--') && next.length > 2)) {
    throw new UsageError(`flag --${name} needs a value${spec.value ? ` (${spec.value})` : ''}`);
  }
  words.at++;
  return next;
}

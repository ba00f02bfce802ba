/**
 * A small, strict argument parser: every command declares its flags, unknown flags and
 * commands are answered with a did-you-mean, and values are checked before any work.
 */
import { closest } from '../util/did-you-mean.js';

/** `list` takes the words after it too (`--group A B`); `repeat` takes one value per use (`--target a --target b`). */
export type FlagKind = 'boolean' | 'string' | 'number' | 'list' | 'repeat' | 'optional-file';

export interface FlagSpec {
  kind: FlagKind;
  /** One line for --help. */
  help: string;
  /** Placeholder for the value in --help. */
  value?: string;
  short?: string;
}

export type FlagSpecs = Record<string, FlagSpec>;

export interface ParsedArgs {
  flags: Record<string, string | number | boolean | string[] | undefined>;
  positionals: string[];
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

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

export function parseArgs(argv: readonly string[], specs: FlagSpecs, command: string, options: ParseOptions = {}): ParsedArgs {
  const flags: ParsedArgs['flags'] = {};
  const positionals: string[] = [];
  const shorts = new Map(Object.entries(specs).flatMap(([name, s]) => (s.short ? [[s.short, name]] : [])));
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (onlyPositionals || !word.startsWith('-') || word === '-') {
      positionals.push(word);
      continue;
    }
    if (word === '--') {
      onlyPositionals = true;
      continue;
    }
    const eq = word.indexOf('=');
    let name = word.startsWith('--') ? word.slice(2, eq > 0 ? eq : undefined) : shorts.get(word.slice(1)) ?? word;
    let inline = eq > 0 && word.startsWith('--') ? word.slice(eq + 1) : undefined;
    // Own entries only: `--constructor` is an unknown flag, not Object's constructor.
    const specOf = (flag: string): FlagSpec | undefined => (Object.hasOwn(specs, flag) ? specs[flag] : undefined);
    if (name.startsWith('no-') && specOf(name) === undefined && specOf(name.slice(3))?.kind === 'boolean') {
      flags[name.slice(3)] = false;
      continue;
    }
    const spec = specOf(name);
    if (!spec) {
      const guess = closest(name, Object.keys(specs));
      throw new UsageError(
        `unknown flag ${word} for "groupctl ${command}"` +
          (guess ? `; did you mean --${guess}?` : '') +
          `\nRun "npx groupctl ${command} --help" for the flags it takes.`,
      );
    }
    const takeValue = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        throw new UsageError(`flag --${name} needs a value${spec.value ? ` (${spec.value})` : ''}`);
      }
      i++;
      return next;
    };
    switch (spec.kind) {
      case 'boolean':
        if (inline !== undefined && !/^(true|false)$/.test(inline)) {
          throw new UsageError(`flag --${name} takes no value (got "${inline}")`);
        }
        flags[name] = inline === undefined ? true : inline === 'true';
        break;
      case 'string':
        flags[name] = takeValue();
        break;
      case 'number': {
        const raw = takeValue();
        const n = Number(raw);
        if (!Number.isFinite(n) || raw.trim() === '') {
          throw new UsageError(`flag --${name} takes a number, got "${raw}"`);
        }
        flags[name] = n;
        break;
      }
      case 'list': {
        const list = (flags[name] as string[] | undefined) ?? [];
        list.push(...takeValue().split(',').filter(Boolean));
        // `--group A B C`: later words that are not flags belong to the list too.
        while (inline === undefined && argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('-')) {
          list.push(...argv[++i]!.split(',').filter(Boolean));
        }
        flags[name] = list;
        break;
      }
      case 'repeat': {
        const list = (flags[name] as string[] | undefined) ?? [];
        list.push(takeValue());
        flags[name] = list;
        break;
      }
      case 'optional-file': {
        if (inline !== undefined) flags[name] = inline;
        else if (takesOptionalFile(argv[i + 1], options)) flags[name] = argv[++i]!;
        else flags[name] = true;
        break;
      }
    }
    inline = undefined;
    name = '';
  }
  return { flags, positionals };
}

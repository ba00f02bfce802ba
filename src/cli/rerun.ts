/**
 * The command a hint tells the user to run next, with the connection and path flags of
 * this invocation repeated (issue 22: a hint pasted as is must reach the same app, state
 * file and config). Secrets never appear: tokens come from variables, and only flags the
 * user typed are repeated, only those the next command takes.
 */
import { bareRerun, type Rerun } from '../util/rerun.js';
import { type ParsedArgs } from './args.js';

/** Flags that say where the groups, the bindings and the users are: a rerun without them talks to something else. */
const WHERE_FLAGS = ['base-url', 'insecure', 'sandbox', 'sandbox-users', 'state'] as const;

/** Files of the command itself (plan --out FILE, apply --plan FILE): repeated only when the same command runs again. */
const OWN_FILE_FLAGS = ['out', 'plan'] as const;

/** The guard flags apply counts again (a plan -> apply hint repeats them); --target too when the same plan is made again. */
const GUARD_FLAGS = ['allow-dismiss', 'allow-recreate', 'max-removals', 'max-forget'] as const;

const SCOPE_ALL = ['target', ...GUARD_FLAGS];

/**
 * Of the flags a hint may repeat, those each command takes, and whether it takes PATHs.
 * Not read from specs.ts: validate loads this, and specs.ts loads the emulator's dialect
 * table; test/cli/rerun.test.ts holds the two equal.
 */
export const REPEATABLE: Record<string, { paths: boolean; flags: readonly string[] }> = {
  validate: { paths: true, flags: ['sandbox', 'state'] },
  doctor: { paths: false, flags: ['base-url', 'insecure'] },
  plan: { paths: true, flags: [...WHERE_FLAGS, 'out', ...SCOPE_ALL] },
  apply: { paths: true, flags: [...WHERE_FLAGS, 'plan', ...SCOPE_ALL] },
  export: { paths: false, flags: [...WHERE_FLAGS, 'out'] },
  import: { paths: true, flags: WHERE_FLAGS },
  comment: { paths: false, flags: ['plan'] },
};

/** What a hint's command repeats of the invocation. */
export interface Invocation {
  /** The command the user ran. */
  command: string;
  flags: ParsedArgs['flags'];
  /** The config PATHs as the user typed them (none: the default groups/ again). */
  paths: readonly string[];
}

/** Options of one rendered command line. */
export interface LineOptions {
  command: string;
  /** Words right after the command (`import KEY ID`, `--out FILE`); a flag named here replaces the invocation's own. */
  words?: readonly string[];
  /** Flags appended last; a flag named here replaces the invocation's own. */
  add?: readonly string[];
  /** Repeat the guard flags (`guards`), or --target and the guard flags (`all`: the same plan again). */
  scope?: 'guards' | 'all';
}

/** `npx groupctl COMMAND WORDS PATHS FLAGS`, safe to paste into a POSIX shell. */
export function commandLine(invocation: Invocation, options: LineOptions): string {
  const spec = REPEATABLE[options.command];
  const accepted = new Set(spec?.flags ?? []);
  const given = [...(options.words ?? []), ...(options.add ?? [])];
  const named = new Set(given.filter((w) => w.startsWith('--')).map((w) => w.slice(2).split('=')[0]!));
  const words = ['npx', 'groupctl', options.command, ...(options.words ?? [])];
  if (spec?.paths === true) words.push(...invocation.paths);
  const own = options.command === invocation.command ? OWN_FILE_FLAGS : [];
  for (const name of [...WHERE_FLAGS, ...own, ...scopeFlags(options.scope)]) {
    if (!accepted.has(name) || named.has(name)) continue;
    words.push(...flagWords(name, invocation.flags[name]));
  }
  words.push(...(options.add ?? []));
  return words.map(shellWord).join(' ');
}

/**
 * The Rerun handed to the stages below cli/ (engine, plan, apply, state): every hint of
 * this run repeats its flags; plan and apply again repeat --target and the guards too.
 */
export function rerunOf(invocation: Invocation): Rerun {
  return (command, words = []) => {
    if (REPEATABLE[command] === undefined) return bareRerun(command, words);
    // Leading words are the command's own (import KEY ID); flags go last, after the PATHs.
    const flagAt = words.findIndex((w) => w.startsWith('-'));
    const [own, add] = flagAt < 0 ? [words, []] : [words.slice(0, flagAt), words.slice(flagAt)];
    return commandLine(invocation, { command, words: own, add, scope: command === 'plan' || command === 'apply' ? 'all' : undefined });
  };
}

/** The invocation of `command`, whose config PATHs are `paths` (all positionals for plan, apply, validate). */
export function invocationOf(command: string, args: ParsedArgs, paths: readonly string[] = args.positionals): Invocation {
  return { command, flags: args.flags, paths };
}

function scopeFlags(scope: LineOptions['scope']): readonly string[] {
  if (scope === undefined) return [];
  return scope === 'all' ? SCOPE_ALL : GUARD_FLAGS;
}

function flagWords(name: string, value: ParsedArgs['flags'][string]): string[] {
  if (value === undefined || value === false) return [];
  if (value === true) return [`--${name}`];
  if (Array.isArray(value)) return value.flatMap((v) => [`--${name}`, v]);
  return [`--${name}`, String(value)];
}

/** Safe to paste into a POSIX shell: quoted when it holds a space, a quote or a shell character. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The hints plan and apply hand to the engine: the rerun, and under --sandbox the command
 * that registers missing users (the sandbox has only its seed's users and those named
 * by --sandbox-users, so a misspelt user fails there as it would for real).
 */
export function scopeHints(invocation: Invocation, sandbox: boolean): { rerun: Rerun; usersHint?: (users: readonly string[]) => string } {
  const rerun = rerunOf(invocation);
  if (!sandbox) return { rerun };
  const given = typeof invocation.flags['sandbox-users'] === 'string' ? invocation.flags['sandbox-users'].split(',').filter(Boolean) : [];
  return {
    rerun,
    usersHint: (users) =>
      `in the sandbox, if they are meant to exist, register them with "${rerun(invocation.command, ['--sandbox-users', [...new Set([...given, ...users])].join(',')])}"`,
  };
}

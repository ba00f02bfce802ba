/**
 * How a message below cli/ names a command to run next. The CLI passes a Rerun that repeats
 * the connection and path flags the user gave (cli/rerun.ts), so the hint can be pasted as
 * is; a library caller gets the bare command (it has no command line to repeat).
 */
export type Rerun = (command: string, words?: readonly string[]) => string;

/** The bare command, for callers without a command line (the library). */
export const bareRerun: Rerun = (command, words = []) => ['npx', 'groupctl', command, ...words].join(' ');

/**
 * Dispatch: parse, run one command, and turn every failure into a message that says what
 * went wrong and what to do next, with an exit code from the CONTRACT.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { ApiError, type ApiErrorKind } from '../api/errors.js';
import { redact } from '../api/redact.js';
// Not config/index.js: that loads yaml and ajv, which --version and --help never need.
import { ConfigError } from '../config/config-error.js';
import { closest } from '../util/did-you-mean.js';
import { parseArgs, type ParsedArgs, UsageError } from './args.js';
import { EXIT, type Io, SECRET_VARIABLES, UserError, withRedaction } from './io.js';
import { renderHelp, renderMainHelp } from './help.js';
import { COMMANDS } from './specs.js';
import { version } from './version.js';

type Handler = (args: ParsedArgs, io: Io) => Promise<number | 'running'>;

/** Loaded on demand: `--help` or `validate` need not load the HTTP client or the emulator. */
const HANDLERS: Record<string, () => Promise<Handler>> = {
  validate: async () => (await import('./commands/validate.js')).validateCommand,
  doctor: async () => (await import('./commands/doctor.js')).doctorCommand,
  plan: async () => (await import('./commands/plan.js')).planCommand,
  apply: async () => (await import('./commands/apply.js')).applyCommand,
  export: async () => (await import('./commands/export.js')).exportCommand,
  import: async () => (await import('./commands/import.js')).importCommand,
  emulator: async () => (await import('./commands/emulator.js')).emulatorCommand,
  comment: async () => (await import('./commands/comment.js')).commentCommand,
  completion: async () => (await import('./commands/completion.js')).completionCommand,
};

/** Runs the CLI; resolves to an exit code, or 'running' for a server that keeps the process alive. */
export async function run(argv: readonly string[], rawIo: Io): Promise<number | 'running'> {
  const io = withRedaction(rawIo);
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      const topic = command === 'help' ? rest[0] : undefined;
      io.stdout.write(topic && Object.hasOwn(COMMANDS, topic) ? renderHelp(COMMANDS[topic]!) : renderMainHelp(version()));
      return command === undefined ? EXIT.error : EXIT.ok;
    }
    if (command === '--version' || command === '-v' || command === 'version') {
      io.stdout.write(`groupctl ${version()}\n`);
      return EXIT.ok;
    }
    // Own entries only: `groupctl constructor` is an unknown command, not Object's constructor.
    const spec = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    const loadHandler = Object.hasOwn(HANDLERS, command) ? HANDLERS[command] : undefined;
    if (!spec || !loadHandler) {
      const guess = closest(command, Object.keys(COMMANDS));
      throw new UsageError(
        `unknown command "${command}"${guess ? `; did you mean "groupctl ${guess}"?` : ''}\nRun "npx groupctl --help" for the commands.`,
      );
    }
    const args = parseArgs(rest, spec.flags, command, { isFolder: (word) => isFolder(path.resolve(io.cwd, word)) });
    if (args.flags.help === true) {
      io.stdout.write(renderHelp(spec));
      return EXIT.ok;
    }
    return await (await loadHandler())(args, io);
  } catch (error) {
    io.stderr.write(redactSecrets(finalMessage(error, io), io.env) + '\n');
    return EXIT.error;
  }
}

function isFolder(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/** The last words of a failed run: the message, its causes and the hint for an API error behind it. */
function finalMessage(error: unknown, io: Io): string {
  if (error instanceof ConfigError) return error.message;
  if (error instanceof UsageError || error instanceof UserError) return `Error: ${error.message}`;
  if (error instanceof ApiError) return `Error: ${error.message}${hintFor(error)}`;
  const e = error as Error;
  const detail = io.env.GROUPCTL_DEBUG ? `\n${e?.stack ?? ''}` : '';
  const api = apiCause(e);
  return `Error: ${e?.message ?? String(error)}${causeChain(e)}${api ? hintFor(api) : ''}${detail}`;
}

/** The API error behind a wrapped one (a failed live read), for its hint. */
function apiCause(error: Error | undefined): ApiError | undefined {
  let cause = error?.cause;
  for (let depth = 0; cause !== undefined && depth < 5; depth++) {
    if (cause instanceof ApiError) return cause;
    cause = (cause as Error).cause;
  }
  return undefined;
}

function causeChain(error: Error | undefined): string {
  const lines: string[] = [];
  let cause = error?.cause as Error | undefined;
  while (cause && lines.length < 5) {
    lines.push(`  caused by: ${cause.message ?? String(cause)}`);
    cause = cause.cause as Error | undefined;
  }
  return lines.length ? `\n${lines.join('\n')}` : '';
}

/** What to do next, by what happened (ApiError.kind); the kinds not listed say enough in their own words. */
const HINTS: Partial<Record<ApiErrorKind, string>> = {
  credentials: 'Check the credentials: GROUPCTL_TOKEN, or GROUPCTL_CLIENT_ID/GROUPCTL_CLIENT_SECRET, or the Agora app id/certificate.',
  'rate-limit':
    "The API kept answering 429: the rate limit (per API, shared with the app's own client traffic) or, on the free edition, " +
    "the call quota used up. Check the app's usage and edition in the console; then lower --rate-limit, or run when the app is quieter.",
  unreachable: 'No answer from the API: check GROUPCTL_BASE_URL and the network, then run again.',
  timeout: 'No answer from the API in time: check GROUPCTL_BASE_URL and the network, then run again.',
  server: 'The service failed: run again later; GROUPCTL_LOG=debug shows every HTTP attempt.',
};

function hintFor(error: ApiError): string {
  const hint = HINTS[error.kind];
  return hint === undefined ? '' : `\n${hint}`;
}

/** Last line of defence: whatever a message says, no configured secret is printed. */
export function redactSecrets(text: string, env: NodeJS.ProcessEnv): string {
  return redact(text, SECRET_VARIABLES.map((name) => env[name] ?? ''));
}

/**
 * The settings a command that talks to the service runs with, resolved once from flags,
 * environment and defaults before any work (as kubectl and Terraform read their flags
 * first): a wrong value stops the run at once, naming the flag or variable to fix.
 */
import path from 'node:path';
import { type BaseUrl, type ClientLimits, type ConcurrencySetting, type Connection, ConnectionError, type Credentials, DEFAULT_CONCURRENCY, DEFAULT_RATE, parseBaseUrl } from '../api/index.js';
import { type ConnectionSettings, type PlanScope, type ServiceTarget } from '../engine/index.js';
import { type ParsedArgs, UsageError } from './args.js';
import { DEFAULT_PROGRESS_INTERVAL_MS } from './heartbeat.js';
import { type Io, useColor } from './io.js';
import { sandboxFileOf } from './sandbox-file.js';

export type { ConnectionSettings, PlanScope, ServiceTarget };


/** Everything plan, apply, export and import take from flags and environment. */
export interface CommandSettings {
  connection: ConnectionSettings;
  /** `--state FILE`, resolved; undefined: the default place (prepare.ts, statePathFor). */
  stateFile?: string;
  scope: PlanScope;
  color: boolean;
  /** A "Still reading..." line on a pipe every this many ms (GROUPCTL_PROGRESS_INTERVAL; 0: none). */
  progressIntervalMs: number;
  /** GITHUB_STEP_SUMMARY: the file plan appends its Markdown to in GitHub Actions. */
  stepSummaryFile?: string;
}

/** The one place a command's flags and variables become settings; throws on the first wrong value. */
export function resolveSettings(flags: ParsedArgs['flags'], io: Io): CommandSettings {
  return {
    connection: connectionSettingsOf(flags, io),
    ...(typeof flags.state === 'string' ? { stateFile: path.resolve(io.cwd, flags.state) } : {}),
    scope: planScopeOf(flags, io),
    color: useColor(io, flags.color),
    progressIntervalMs: progressIntervalOf(io.env),
    ...(io.env.GITHUB_STEP_SUMMARY ? { stepSummaryFile: io.env.GITHUB_STEP_SUMMARY } : {}),
  };
}

/**
 * The environment's base URL and credentials are read only without --sandbox: a sandbox
 * needs none. The limits are read either way, so a flag or variable means the same thing
 * against a sandbox as against the real app.
 */
function connectionSettingsOf(flags: ParsedArgs['flags'], io: Io): ConnectionSettings {
  const sandbox = sandboxFileOf(flags, io);
  if (sandbox === undefined && flags['sandbox-users'] !== undefined) throw new UsageError('--sandbox-users needs --sandbox: a real app\'s users are never registered');
  const target: ServiceTarget =
    sandbox !== undefined
      ? { kind: 'sandbox', file: sandbox, users: sandboxUsersOf(flags) }
      : { kind: 'remote', ...remoteFromEnv(io.env, { baseUrl: flags['base-url'] as string | undefined, insecure: flags.insecure === true }) };
  const limits = clientLimitsFromEnv(io.env, { rateLimit: flags['rate-limit'] as number | undefined, concurrency: flags.concurrency as string | undefined });
  return { target, limits, ...(httpLogOf(flags, io.env) ? { debug: true } : {}) };
}

/** `--debug` / `--no-debug` win; else GROUPCTL_LOG, whose one level is `debug` (`off` or empty: none). */
function httpLogOf(flags: ParsedArgs['flags'], env: NodeJS.ProcessEnv): boolean {
  if (typeof flags.debug === 'boolean') return flags.debug;
  const level = env.GROUPCTL_LOG?.trim().toLowerCase();
  if (level === undefined || level === '' || level === 'off') return false;
  if (level === 'debug') return true;
  throw new UsageError(`GROUPCTL_LOG must be "debug" (or "off", or unset), got "${env.GROUPCTL_LOG}"`);
}


/** GROUPCTL_PROGRESS_INTERVAL in ms; `0` turns the line off. */
export function progressIntervalOf(env: NodeJS.ProcessEnv): number {
  const raw = env.GROUPCTL_PROGRESS_INTERVAL?.trim();
  if (raw === undefined || raw === '') return DEFAULT_PROGRESS_INTERVAL_MS;
  if (!/^\d+$/.test(raw)) throw new UsageError(`GROUPCTL_PROGRESS_INTERVAL must be a whole number of milliseconds (0: no progress line), got "${raw}"`);
  return Number(raw);
}

/** `--sandbox-users a,b,c`: the users a sandbox registers when it does not have them (with --sandbox only). */
function sandboxUsersOf(flags: ParsedArgs['flags']): string[] {
  const raw = flags['sandbox-users'];
  if (typeof raw !== 'string') return [];
  const users = raw.split(',').map((u) => u.trim());
  if (users.some((u) => u === '')) throw new UsageError(`--sandbox-users takes user names separated by commas (a,b,c), got "${raw}"`);
  return [...new Set(users)];
}

/** `--target`, `--max-removals`, `--allow-recreate`, `--max-forget`, `--no-check-users`, `--allow-dismiss`, `--id-strategy`, checked. */
function planScopeOf(flags: ParsedArgs['flags'], io: Io): PlanScope {
  const scope: PlanScope = { limits: {} };
  const targets = flags.target;
  if (Array.isArray(targets) && targets.length > 0) scope.targets = targets;
  const removals = countSetting(flags['max-removals'], 'max-removals', 'GROUPCTL_MAX_REMOVALS', io.env);
  if (removals !== undefined) scope.limits!.removals = removals;
  const forgets = countSetting(flags['max-forget'], 'max-forget', 'GROUPCTL_MAX_FORGET', io.env);
  if (forgets !== undefined) scope.limits!.forgets = forgets;
  if (flags['allow-recreate'] === true) scope.limits!.recreates = null;
  if (flags['check-users'] === false) scope.checkUsers = false;
  if (flags['allow-dismiss'] === true) scope.allowDismiss = true;
  const strategy = flags['id-strategy'] ?? (io.env['GROUPCTL_ID_STRATEGY'] || undefined);
  if (strategy !== undefined) {
    const from = flags['id-strategy'] !== undefined ? '--id-strategy' : 'GROUPCTL_ID_STRATEGY';
    if (strategy !== 'service' && strategy !== 'chosen') throw new UsageError(`${from} must be service or chosen, got "${String(strategy)}"`);
    scope.idStrategy = strategy;
  }
  return scope;
}

/** A whole number of 0 or more from `--flag`, else from the variable; undefined when neither is given. */
function countSetting(flag: unknown, flagName: string, envName: string, env: NodeJS.ProcessEnv): number | undefined {
  const raw = flag ?? env[envName];
  if (raw === undefined || raw === '') return undefined;
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    throw new UsageError(`${flag !== undefined ? `--${flagName}` : envName} must be a whole number of 0 or more, got "${String(raw)}"`);
  }
  return n;
}

/** The command-line values that override the environment (a library caller may pass them too). */
export interface ConnectionFlags {
  baseUrl?: string;
  rateLimit?: number | string;
  concurrency?: number | string;
  insecure?: boolean;
}

const NO_BASE_URL = 'no API base URL: set GROUPCTL_BASE_URL or pass --base-url (or use --sandbox for a local emulator)';
const NO_CREDENTIALS =
  'no API credentials: set GROUPCTL_TOKEN (an app token), or GROUPCTL_CLIENT_ID and GROUPCTL_CLIENT_SECRET ' +
  '(Easemob client credentials), or GROUPCTL_AGORA_APP_ID and GROUPCTL_AGORA_APP_CERTIFICATE (Agora)';

/** A whole Connection from the environment, flags winning over variables: what an embedding program needs to call createGroupService. */
export function connectionFromEnv(env: Readonly<Record<string, string | undefined>>, flags: ConnectionFlags = {}): Connection {
  return { ...remoteFromEnv(env, flags), ...clientLimitsFromEnv(env, flags) };
}

/** Which app and as whom: the base URL (flag over GROUPCTL_BASE_URL) and the credentials of the environment. */
export function remoteFromEnv(env: Readonly<Record<string, string | undefined>>, flags: Pick<ConnectionFlags, 'baseUrl' | 'insecure'> = {}): Pick<Connection, 'base' | 'credentials'> {
  const baseText = flags.baseUrl ?? nonEmpty(env.GROUPCTL_BASE_URL);
  if (!baseText) throw new ConnectionError(NO_BASE_URL);
  let base: BaseUrl;
  try {
    base = parseBaseUrl(baseText, { insecure: flags.insecure ?? false });
  } catch (error) {
    throw new ConnectionError((error as Error).message, { cause: error });
  }
  return { base, credentials: credentialsFromEnv(env) };
}

/** The one place the rate limit and concurrency are read: a flag wins over its variable, else the default. */
export function clientLimitsFromEnv(env: Readonly<Record<string, string | undefined>>, flags: Pick<ConnectionFlags, 'rateLimit' | 'concurrency'> = {}): ClientLimits {
  const rate = flags.rateLimit !== undefined ? { value: flags.rateLimit, where: '--rate-limit' } : { value: nonEmpty(env.GROUPCTL_RATE_LIMIT), where: 'GROUPCTL_RATE_LIMIT' };
  return {
    rateLimit: positive('rate limit', rate.value, rate.where, DEFAULT_RATE, false),
    concurrency: flags.concurrency !== undefined ? concurrencyOf(flags.concurrency, '--concurrency') : concurrencyOf(nonEmpty(env.GROUPCTL_CONCURRENCY), 'GROUPCTL_CONCURRENCY'),
    ...answerLimitsFromEnv(env),
  };
}

/**
 * The per-call deadline and answer cap are not user settings (the defaults fit every real
 * answer); these variables exist so the hostile-server tests run in milliseconds.
 */
function answerLimitsFromEnv(env: Readonly<Record<string, string | undefined>>): Pick<Connection, 'deadlineMs' | 'maxAnswerBytes'> {
  const deadline = nonEmpty(env.GROUPCTL_REQUEST_DEADLINE_MS);
  const cap = nonEmpty(env.GROUPCTL_MAX_ANSWER_BYTES);
  return {
    ...(deadline !== undefined ? { deadlineMs: positive('request deadline', deadline, 'GROUPCTL_REQUEST_DEADLINE_MS', 0, true) } : {}),
    ...(cap !== undefined ? { maxAnswerBytes: positive('answer cap', cap, 'GROUPCTL_MAX_ANSWER_BYTES', 0, true) } : {}),
  };
}

/** `auto` or a whole number of 1 or more; `where` names the flag or variable it came from. */
function concurrencyOf(value: number | string | undefined, where: string): ConcurrencySetting {
  if (value === undefined) return DEFAULT_CONCURRENCY;
  if (typeof value === 'string' && value.trim().toLowerCase() === 'auto') return 'auto';
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new ConnectionError(`concurrency must be "auto" or a positive whole number (${where}), got "${value}"`);
  }
  return n;
}

function credentialsFromEnv(env: Readonly<Record<string, string | undefined>>): Credentials {
  const token = nonEmpty(env.GROUPCTL_TOKEN);
  const clientId = nonEmpty(env.GROUPCTL_CLIENT_ID);
  const clientSecret = nonEmpty(env.GROUPCTL_CLIENT_SECRET);
  const appId = nonEmpty(env.GROUPCTL_AGORA_APP_ID);
  const appCertificate = nonEmpty(env.GROUPCTL_AGORA_APP_CERTIFICATE);
  if (token) return { kind: 'token', token };
  if (clientId || clientSecret) {
    if (!clientId || !clientSecret) {
      throw new ConnectionError(`GROUPCTL_CLIENT_ID and GROUPCTL_CLIENT_SECRET go together: ${clientId ? 'GROUPCTL_CLIENT_SECRET' : 'GROUPCTL_CLIENT_ID'} is not set`);
    }
    return { kind: 'easemob', clientId, clientSecret };
  }
  if (appId || appCertificate) {
    if (!appId || !appCertificate) {
      throw new ConnectionError(
        `GROUPCTL_AGORA_APP_ID and GROUPCTL_AGORA_APP_CERTIFICATE go together: ${appId ? 'GROUPCTL_AGORA_APP_CERTIFICATE' : 'GROUPCTL_AGORA_APP_ID'} is not set`,
      );
    }
    return { kind: 'agora', appId, appCertificate };
  }
  throw new ConnectionError(NO_CREDENTIALS);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value.trim() : undefined;
}

function positive(what: string, value: number | string | undefined, where: string, fallback: number, integer: boolean): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new ConnectionError(`${what} must be a positive ${integer ? 'whole ' : ''}number (${where}), got "${value}"`);
  }
  return n;
}

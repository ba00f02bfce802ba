/**
 * The settings a command that talks to the service runs with, resolved once from flags,
 * environment and defaults before any work (as kubectl and Terraform read their flags
 * first): a wrong value stops the run at once, naming the flag or variable to fix.
 */
import path from 'node:path';
import { clientLimitsFromEnv, remoteFromEnv } from '../api/connect.js';
import { type ConnectionSettings, type PlanScope, type ServiceTarget } from '../engine/index.js';
import { type ParsedArgs, UsageError } from './args.js';
import { type Io, useColor } from './io.js';

export type { ConnectionSettings, PlanScope, ServiceTarget };

const DEFAULT_SANDBOX_FILE = '.groupctl/sandbox.json';

/** Everything plan, apply, export and import take from flags and environment. */
export interface CommandSettings {
  connection: ConnectionSettings;
  /** `--state FILE`, resolved; undefined: the default place (prepare.ts, statePathFor). */
  stateFile?: string;
  scope: PlanScope;
  color: boolean;
}

/** The one place a command's flags and variables become settings; throws on the first wrong value. */
export function resolveSettings(flags: ParsedArgs['flags'], io: Io): CommandSettings {
  return {
    connection: connectionSettingsOf(flags, io),
    ...(typeof flags.state === 'string' ? { stateFile: path.resolve(io.cwd, flags.state) } : {}),
    scope: planScopeOf(flags, io),
    color: useColor(io, flags.color),
  };
}

/**
 * The environment's base URL and credentials are read only without --sandbox: a sandbox
 * needs none. The limits are read either way, so a flag or variable means the same thing
 * against a sandbox as against the real app.
 */
function connectionSettingsOf(flags: ParsedArgs['flags'], io: Io): ConnectionSettings {
  const sandbox = sandboxFileOf(flags, io);
  const target: ServiceTarget =
    sandbox !== undefined
      ? { kind: 'sandbox', file: sandbox }
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


/** The sandbox data file, resolved, when --sandbox is on (`--sandbox` alone: the default file). */
export function sandboxFileOf(flags: ParsedArgs['flags'], io: Io): string | undefined {
  if (flags.sandbox === undefined || flags.sandbox === false) return undefined;
  return path.resolve(io.cwd, typeof flags.sandbox === 'string' ? flags.sandbox : DEFAULT_SANDBOX_FILE);
}

/** `--target`, `--max-removals`, `--allow-recreate`, `--max-forget`, `--no-check-users`, `--allow-dismiss`, checked. */
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

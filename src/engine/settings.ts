/**
 * The settings a run works with, as data: cli/settings.ts builds them from flags and
 * environment (the one place either is read); a program that embeds groupctl builds them
 * itself. Nothing below cli/ reads a flag or a variable.
 */
import { type ClientLimits, type Connection } from '../api/index.js';
import { type IdStrategy } from '../apply/index.js';
import { type DesiredState } from '../model/group.js';
import { type GuardLimits } from '../plan/index.js';
import { type Rerun } from '../util/rerun.js';

/**
 * Where the groups live: a remote app (CONTRACT.md, Connection), or the embedded emulator
 * whose state persists in `file`. A sandbox has the users of its data file and those of
 * `users` (registered when missing), never the users a configuration names: a misspelt
 * user then fails in the sandbox as it would against the real app.
 */
export type ServiceTarget = ({ kind: 'remote' } & Pick<Connection, 'base' | 'credentials'>) | { kind: 'sandbox'; file: string; users?: readonly string[] };

/** What to talk to, and how hard the client may press it (the same limits for a remote app and a sandbox). */
export interface ConnectionSettings {
  target: ServiceTarget;
  limits: ClientLimits;
  /** Print every HTTP call on stderr, secrets masked (`--debug`, GROUPCTL_LOG=debug; api/http-log.ts). */
  debug?: boolean;
}

/** What narrows a plan and what its guards allow (the flags plan and apply share). */
export interface PlanScope {
  targets?: string[];
  limits?: GuardLimits;
  /** Ask the service whether each user a step adds exists (default true; `--no-check-users` turns it off). */
  checkUsers?: boolean;
  /** `--allow-dismiss`: dismiss steps are allowed (apply refuses them otherwise, and plan shows that refusal). */
  allowDismiss?: boolean;
  /** `--id-strategy` / GROUPCTL_ID_STRATEGY: who picks new groups' ids (apply/chosen-ids.ts); over the config's `id_strategy:`; default `service`. */
  idStrategy?: IdStrategy;
  /** The command a refusal tells the user to run (the CLI's repeats the user's flags; util/rerun.ts). */
  rerun?: Rerun;
  /** More advice for users the app lacks (the CLI's under --sandbox: the --sandbox-users command). */
  usersHint?: (users: readonly string[]) => string;
}

/** The strategy a run's creates use: the flag or variable, then the config's `id_strategy:`, then the service's ids. */
export function idStrategyOf(scope: PlanScope, desired: DesiredState): IdStrategy {
  return scope.idStrategy ?? desired.idStrategy?.value ?? 'service';
}

/** A whole Connection (a library caller's, e.g. from connectionFromEnv) as the settings a run takes. */
export function remoteSettings(connection: Connection, options: { debug?: boolean } = {}): ConnectionSettings {
  const { base, credentials, ...limits } = connection;
  return { target: { kind: 'remote', base, credentials }, limits, ...(options.debug === true ? { debug: true } : {}) };
}

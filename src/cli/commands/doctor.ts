/**
 * `groupctl doctor`: the connection checked before the first plan (issue 22), one line per
 * check, each failure with what to fix: the base URL's style, the host answering, the
 * credential accepted (a token obtained, and how long it lives), and one cheap read
 * (`GET {base}/chatgroups?limit=1`) through the rate limiter. Exit 0 when all pass, 1 at
 * the first failure (the checks after it depend on it, so they are named as not run).
 */
import { AGORA_MAX_EXPIRE_SECONDS, ttlSecondsOf } from '../../api/index.js';
import { type BaseUrl } from '../../api/index.js';
import { type Connection, type Credentials, createGroupService } from '../../api/index.js';
import { ApiError, probeHost } from '../../api/index.js';
import { defaultRetryPolicy } from '../../api/index.js';
import { type ParsedArgs, UsageError } from '../args.js';
import { EXIT, type Io } from '../io.js';
import { commandLine, invocationOf } from '../rerun.js';
import { resolveSettings } from '../settings.js';

/** One outcome: a pass with what was found, or a failure with what to fix. */
type Outcome = { ok: true; detail: string } | { ok: false; detail: string; fix: string };

/** One try per call: a doctor reports what the server answers, it does not wait out a storm. */
const ONE_TRY = { ...defaultRetryPolicy, maxAttempts: 1, maxAttempts429: 1 };
const REACH_TIMEOUT_MS = 10_000;

export async function doctorCommand(args: ParsedArgs, io: Io): Promise<number> {
  const { connection, scope } = resolveSettings(args.flags, io);
  if (connection.target.kind !== 'remote') throw new UsageError('doctor needs a remote app: set GROUPCTL_BASE_URL or pass --base-url');
  const { base, credentials } = connection.target;
  const conn: Connection = { base, credentials, ...connection.limits, retry: ONE_TRY };
  const checks: Array<[string, () => Promise<Outcome>]> = [
    ['base URL', async () => ({ ok: true, detail: describeBase(base) })],
    ['host', () => checkReachable(base)],
    ['credential', () => checkCredential(conn, io, (token) => (conn.credentials = { kind: 'token', token }))],
    ['read', () => checkRead(conn, io)],
  ];
  const width = Math.max(...checks.map(([name]) => name.length));
  for (const [i, [name, check]] of checks.entries()) {
    const outcome = await check();
    io.stdout.write(`${outcome.ok ? 'ok  ' : 'FAIL'}  ${name.padEnd(width)}  ${outcome.detail}\n`);
    if (!outcome.ok) {
      io.stdout.write(`      ${' '.repeat(width)}  fix: ${outcome.fix}\n`);
      const rest = checks.slice(i + 1).map(([n]) => n);
      if (rest.length > 0) io.stdout.write(`Not checked until this passes: ${rest.join(', ')}.\n`);
      return EXIT.error;
    }
  }
  io.stdout.write(`info  ${'group ids'.padEnd(width)}  ${describeIdStrategy(scope.idStrategy)}\n`);
  const invocation = invocationOf('doctor', args, []);
  const [exportLine, planLine] = [commandLine(invocation, { command: 'export' }), commandLine(invocation, { command: 'plan' })];
  io.stdout.write(`The connection works: next, \`${exportLine}\` to adopt the app, or \`${planLine}\` for your own YAML.\n`);
  return EXIT.ok;
}

/**
 * FACTS.md: whether an app takes `groupid` is not documented, and only a create can show
 * it; doctor changes nothing, so it says which apply will find out, and how.
 */
function describeIdStrategy(strategy: 'service' | 'chosen' | undefined): string {
  const probe = 'whether this app takes a chosen groupid shows only on a create: the first create of an apply finds out, and if the app ignores it that run says so once and uses service ids';
  if (strategy === 'chosen') return `GROUPCTL_ID_STRATEGY=chosen: creates send a groupid derived from the state lineage and the key; ${probe}`;
  return `the service picks new group ids (the default; id_strategy: chosen in config, or --id-strategy chosen, sends a chosen groupid instead); ${probe}`;
}

function describeBase(base: BaseUrl): string {
  const where = `${base.origin}${base.basePath}`;
  return base.style === 'agora'
    ? `${where}: Agora style (app-id ${base.appId})`
    : `${where}: Easemob style (org ${base.org}, app ${base.app})`;
}

/** Any HTTP answer at all means the host is there; only a network failure fails this. */
async function checkReachable(base: BaseUrl): Promise<Outcome> {
  const probe = await probeHost(base.origin, REACH_TIMEOUT_MS);
  if (probe.answered) return { ok: true, detail: `${base.origin} answers (HTTP ${probe.status} in ${probe.ms} ms)` };
  return {
    ok: false,
    detail: `${base.origin} does not answer: ${probe.failure}`,
    fix: 'check the host and port in GROUPCTL_BASE_URL / --base-url (the console lists the REST API host of your app), and any proxy or firewall between',
  };
}

/**
 * Client credentials get their token here, once, so its lifetime can be shown; the read
 * then uses that token (`useToken`), so a run of doctor asks the token endpoint once.
 */
async function checkCredential(conn: Connection, io: Io, useToken: (token: string) => void): Promise<Outcome> {
  const credentials: Credentials = conn.credentials;
  if (credentials.kind === 'token') {
    return { ok: true, detail: 'an app token (GROUPCTL_TOKEN), used as given: groupctl cannot see when it expires and never renews it; the read below tells whether it is accepted' };
  }
  if (credentials.kind === 'agora') {
    const hours = AGORA_MAX_EXPIRE_SECONDS / 3600;
    return { ok: true, detail: `Agora app id and certificate: groupctl builds app tokens itself, each valid ${hours} h, renewed near expiry; the read below tells whether the app accepts them` };
  }
  const handle = createGroupService(conn, io.secrets ? { secrets: io.secrets } : {});
  try {
    const answer = await handle.client.token({ grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret });
    if (typeof answer?.access_token !== 'string' || answer.access_token === '') {
      return { ok: false, detail: `POST ${conn.base.basePath}/token answered without an access_token`, fix: 'check that GROUPCTL_BASE_URL is the REST API base of your app, not a console or web address' };
    }
    io.secrets?.add(answer.access_token);
    useToken(answer.access_token);
    return { ok: true, detail: `client id and secret accepted: token obtained, valid ${describeDuration(ttlSecondsOf(answer.expires_in))} (groupctl renews it near expiry)` };
  } catch (e) {
    return refusal(e, 'token', conn.base);
  } finally {
    await handle.close();
  }
}

/** One page of one group: the cheapest authenticated read, through the limiter like every call. */
async function checkRead(conn: Connection, io: Io): Promise<Outcome> {
  const handle = createGroupService(conn, io.secrets ? { secrets: io.secrets } : {});
  const started = performance.now();
  try {
    const answer: unknown = await handle.client.listGroups(1);
    const ms = Math.round(performance.now() - started);
    const mismatch = appMismatch(answer, conn.base);
    if (mismatch !== undefined) return { ok: false, detail: mismatch, fix: 'check ORG and APP in GROUPCTL_BASE_URL against the console' };
    return {
      ok: true,
      detail: `GET ${conn.base.basePath}/chatgroups?limit=1 answered in ${ms} ms; groupctl paces itself to ${conn.rateLimit} requests/s (--rate-limit, GROUPCTL_RATE_LIMIT: lower it when the app's own traffic is heavy)`,
    };
  } catch (e) {
    return refusal(e, 'read', conn.base);
  } finally {
    await handle.close();
  }
}

/** The answer's envelope names its org and app (FACTS.md, envelope): another app's answer is a wrong base URL. */
function appMismatch(answer: unknown, base: BaseUrl): string | undefined {
  if (base.style !== 'easemob' || typeof answer !== 'object' || answer === null) return undefined;
  const { organization, applicationName } = answer as Record<string, unknown>;
  if (typeof organization !== 'string' || typeof applicationName !== 'string') return undefined;
  if (organization.toLowerCase() === base.org?.toLowerCase() && applicationName.toLowerCase() === base.app?.toLowerCase()) return undefined;
  return `the answer is from app ${organization}/${applicationName}, not ${base.org}/${base.app}`;
}

/** A failed call in words, with the fix its kind points to (api/error-kind.ts). */
function refusal(e: unknown, step: 'token' | 'read', base: BaseUrl): Outcome {
  if (!(e instanceof ApiError)) throw e;
  const detail = e.message;
  const app = base.style === 'agora' ? 'APPID' : 'ORG and APP';
  if (e.kind === 'unreachable' || e.kind === 'timeout') return { ok: false, detail, fix: 'the host stopped answering: check the network and try again' };
  if (e.kind === 'not-found') return { ok: false, detail: `${detail} (no app at ${base.basePath})`, fix: `check ${app} in GROUPCTL_BASE_URL against the console` };
  if (e.kind === 'rate-limit') {
    return { ok: false, detail, fix: "the app's rate limit is used up by its own traffic right now: run when it is quieter, and lower --rate-limit (GROUPCTL_RATE_LIMIT)" };
  }
  // The token endpoint answers a wrong client id or secret with 400 or 403, not only 401.
  if (e.kind === 'credentials' || e.kind === 'refused') {
    const which =
      step === 'token'
        ? 'GROUPCTL_CLIENT_ID and GROUPCTL_CLIENT_SECRET (the app\'s Client ID and ClientSecret in the console)'
        : 'the credential: GROUPCTL_TOKEN may have expired (tokens do), or GROUPCTL_AGORA_APP_ID / GROUPCTL_AGORA_APP_CERTIFICATE belong to another app';
    return { ok: false, detail: `${detail} (credential refused)`, fix: `check ${which}, and that they belong to the app of GROUPCTL_BASE_URL` };
  }
  return { ok: false, detail, fix: 'the service failed: try again later; GROUPCTL_LOG=debug shows every HTTP attempt' };
}

function describeDuration(seconds: number): string {
  if (seconds >= 2 * 86_400) return `${Math.round(seconds / 86_400)} days`;
  if (seconds >= 2 * 3600) return `${Math.round(seconds / 3600)} hours`;
  return `${Math.round(seconds / 60)} minutes`;
}

/** `groupctl emulator`: the local stand-in for the group API, its flags checked before it starts. */
import path from 'node:path';
import { readingsOf } from '../../emulator/dialects.js';
import { type EmulatorOptions, readDataFile, runEmulator } from '../../emulator/index.js';
import { type ParsedArgs } from '../args.js';
import { type Io, UserError } from '../io.js';

/** `groupctl emulator`: runs until SIGINT/SIGTERM (runEmulator handles both). */
export async function emulatorCommand(args: ParsedArgs, io: Io): Promise<number | 'running'> {
  const f = args.flags;
  const options: EmulatorOptions = {
    port: (f.port as number | undefined) ?? 0,
    dataFile: typeof f.data === 'string' ? path.resolve(io.cwd, f.data) : undefined,
    latencyMs: f.latency as number | undefined,
    rateLimit: f['rate-limit'] as number | undefined,
    retryAfterSeconds: f['retry-after'] as number | undefined,
    faultRate: f['fault-rate'] as number | undefined,
    callQuota: f['call-quota'] as number | undefined,
    org: f.org as string | undefined,
    app: f.app as string | undefined,
    appId: f['app-id'] as string | undefined,
    appCertificate: f['app-certificate'] as string | undefined,
    token: f.token as string | undefined,
    clientId: f['client-id'] as string | undefined,
    clientSecret: f['client-secret'] as string | undefined,
    dialects: typeof f.dialect === 'string' ? f.dialect : undefined,
  };
  try {
    readingsOf(options.dialects);
  } catch (e) {
    throw new UserError(`--dialect: ${(e as Error).message}`, { cause: e });
  }
  if (options.faultRate !== undefined && !(options.faultRate >= 0 && options.faultRate <= 1)) {
    throw new UserError(`--fault-rate must be between 0 and 1, got ${options.faultRate}`);
  }
  if (typeof f.seed === 'string') {
    const file = path.resolve(io.cwd, f.seed);
    try {
      options.seed = readDataFile(file);
    } catch (e) {
      throw new UserError(`cannot read the seed file ${f.seed}: ${(e as Error).message}`, { cause: e });
    }
  }
  await runEmulator(options);
  return 'running';
}

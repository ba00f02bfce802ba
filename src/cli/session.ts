/** The engine's session opened for a command: its HTTP log on stderr, its secrets the Io's. */
import { openSession as openEngineSession, type ServiceSession } from '../engine/index.js';
import { type Io } from './io.js';
import { type ConnectionSettings } from './settings.js';

export type { ServiceSession };

/** openSession of the engine, told where a command prints (stderr) and what it masks. */
export function openSession(settings: ConnectionSettings, io: Io): Promise<ServiceSession> {
  return openEngineSession(settings, {
    ...(io.secrets ? { secrets: io.secrets } : {}),
    debugOut: (line) => io.stderr.write(`${line}\n`),
  });
}

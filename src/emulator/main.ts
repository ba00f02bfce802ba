/**
 * Runs the emulator as a foreground process (`groupctl emulator`): prints where it
 * listens, and on SIGINT/SIGTERM stops, writes its state and exits 0. Flag parsing
 * lives in the CLI; this takes the options as they come out of it.
 */
import { startEmulator, type EmulatorOptions, type RunningEmulator } from './server.js';

export async function runEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const emulator = await startEmulator(options);
  process.stdout.write(`listening on ${emulator.url}\n${emulator.baseUrls.easemob}\n${emulator.baseUrls.agora}\n`);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`emulator: could not save state on ${signal}: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return emulator;
}

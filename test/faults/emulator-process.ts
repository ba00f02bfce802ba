/**
 * The emulator as its own process (`groupctl emulator`), for tests that kill -9 it: a
 * real crash, with the kernel closing its sockets and nothing of it left running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { CLI, cleanEnv } from '../helpers/cli.js';

export interface EmulatorProcess {
  child: ChildProcess;
  port: number;
  baseUrls: { easemob: string };
  /** Call counters since this process started. */
  counters(): Promise<Record<string, number>>;
  /** Sends the signal and waits for the process to end. */
  stop(signal: NodeJS.Signals): Promise<void>;
}

export interface EmulatorProcessOptions {
  dataFile: string;
  /** Only read when the data file does not exist yet. */
  seedFile?: string;
  /** 0: any free port. */
  port?: number;
  latencyMs?: number;
}

export async function spawnEmulator(options: EmulatorProcessOptions): Promise<EmulatorProcess> {
  const args = [CLI, 'emulator', '--port', String(options.port ?? 0), '--data', options.dataFile];
  if (options.seedFile !== undefined) args.push('--seed', options.seedFile);
  if (options.latencyMs !== undefined) args.push('--latency', String(options.latencyMs));
  const child = spawn(process.execPath, args, { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    const onData = (d: Buffer) => {
      stdout += d.toString();
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout);
      if (match) {
        child.stdout!.off('data', onData);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`emulator exited (${code ?? signal}) before listening:\n${stderr}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    child,
    port,
    baseUrls: { easemob: `${url}/demo/demo` },
    async counters() {
      const response = await fetch(`${url}/_emulator/counters`);
      return (await response.json()) as Record<string, number>;
    },
    async stop(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill(signal);
      await exited;
    },
  };
}

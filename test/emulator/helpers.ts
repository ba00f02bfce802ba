import type { RunningEmulator } from '../../src/emulator/server.js';

export const TOKEN = 'emulator-token';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when it was not JSON. */
  json: any;
}

/** One call against the emulator with fetch; `base` defaults to the Easemob-style base. */
export async function call(
  emu: RunningEmulator,
  method: string,
  path: string,
  options: { body?: unknown; token?: string | null; base?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${options.base ?? emu.baseUrls.easemob}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** A `random` for the emulator that replays the given values, then repeats the last. */
export function scripted(values: number[]): () => number {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)]!;
}

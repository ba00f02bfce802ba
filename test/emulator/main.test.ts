import { afterEach, describe, expect, it } from 'vitest';
import { runEmulator } from '../../src/emulator/main.js';
import type { RunningEmulator } from '../../src/emulator/server.js';

let emu: RunningEmulator | undefined;
const signalsBefore = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };

afterEach(async () => {
  await emu?.close();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) {
      if (!signalsBefore[signal].includes(listener)) process.off(signal, listener);
    }
  }
});

describe('runEmulator', () => {
  it('prints the listening line, then the two base URLs, and handles SIGINT and SIGTERM', async () => {
    const printed: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => (printed.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      emu = await runEmulator({ quiet: true, org: 'o', app: 'a', appId: 'x' });
    } finally {
      process.stdout.write = write;
    }
    expect(printed.join('').split('\n')).toEqual([
      `listening on http://127.0.0.1:${emu.port}`,
      `http://127.0.0.1:${emu.port}/o/a`,
      `http://127.0.0.1:${emu.port}/app-id/x`,
      '',
    ]);
    expect(process.listenerCount('SIGINT')).toBe(signalsBefore.SIGINT.length + 1);
    expect(process.listenerCount('SIGTERM')).toBe(signalsBefore.SIGTERM.length + 1);
    const res = await fetch(`${emu.baseUrls.easemob}/chatgroups`, { headers: { authorization: 'Bearer emulator-token' } });
    expect(res.status).toBe(200);
  });
});

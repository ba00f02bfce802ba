/** The emulator's own routes under `/_emulator/` (no auth, not counted): counters for tests and the benchmark. */
import type { Reply } from './envelope.js';
import type { Edge } from './edge.js';

/** The answer to a control call, or undefined when there is no such call. */
export function controlReply(edge: Edge, method: string, path: string): Reply | undefined {
  if (method === 'GET' && path === '/_emulator/counters') return { status: 200, body: edge.counters() };
  if (method === 'POST' && path === '/_emulator/counters/reset') {
    edge.resetCounters();
    return { status: 200, body: { reset: true } };
  }
  return undefined;
}

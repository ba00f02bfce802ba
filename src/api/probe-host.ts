/**
 * Whether a host answers at all (`groupctl doctor`'s host check), over the same lazily
 * loaded undici Pool as every call, so no command outside api/ talks HTTP itself. Any
 * answer, whatever its status, means the host is there; only a network failure is not.
 */
import { createPool, sendOnPool } from './undici-pool.js';

export type HostProbe = { answered: true; status: number; ms: number } | { answered: false; failure: string };

/** `GET {origin}/` once, within `timeoutMs` for the answer's head and for its body. */
export async function probeHost(origin: string, timeoutMs: number): Promise<HostProbe> {
  const pool = createPool(origin, { connections: 1, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connectTimeout: timeoutMs });
  const started = performance.now();
  try {
    const answer = await sendOnPool(pool, { path: '/', method: 'GET' });
    await answer.body.dump();
    return { answered: true, status: answer.statusCode, ms: Math.round(performance.now() - started) };
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    return { answered: false, failure: typeof code === 'string' ? code : (e as Error).message };
  } finally {
    await pool.close();
  }
}

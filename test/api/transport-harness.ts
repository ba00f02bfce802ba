/**
 * A Transport against a script server on loopback, for the transport tests: servers and
 * transports made in a test are closed after it, sleeps are recorded instead of waited.
 */
import { afterEach, expect } from 'vitest';
import { StaticToken } from '../../src/api/auth.js';
import { parseBaseUrl } from '../../src/api/base-url.js';
import { ApiError } from '../../src/api/errors.js';
import { RateLimiter } from '../../src/api/rate-limiter.js';
import { Transport, type ApiRequest, type TransportOptions } from '../../src/api/transport.js';
import { startScriptServer, type Handler, type ScriptServer } from './script-server.js';

export const TOKEN = 'static-token-abc123';
export const getGroups: ApiRequest = { kind: 'get-groups', method: 'GET', path: '/chatgroups/1' };

/** Registers the cleanup hook; `defaults` are each setup's options before its own. */
export function useTransports(defaults: Partial<TransportOptions> & Pick<TransportOptions, 'concurrency' | 'retry'>) {
  let servers: ScriptServer[] = [];
  let transports: Transport[] = [];
  afterEach(async () => {
    await Promise.all(transports.map((t) => t.close()));
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
    transports = [];
  });
  return async function setup(handler: Handler, options: Partial<TransportOptions> = {}) {
    const server = await startScriptServer(handler);
    servers.push(server);
    const sleeps: number[] = [];
    const transport = new Transport({
      base: parseBaseUrl(`${server.url}/org/app`),
      auth: new StaticToken(TOKEN),
      limiter: new RateLimiter({ rate: 10_000 }),
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      ...defaults,
      ...options,
    });
    transports.push(transport);
    return { server, transport, sleeps };
  };
}

/** The ApiError a call ended with; fails the test when it did not fail so. */
export async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

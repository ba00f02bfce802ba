/**
 * What a server cannot make the transport do: wait for ever on a trickled body, read an
 * answer without end, repeat a too-large download, or print its words raw.
 */
import { describe, expect, it } from 'vitest';
import { AgoraAppToken } from '../../src/api/auth.js';
import { defaultRetryPolicy } from '../../src/api/retry.js';
import type { Transport } from '../../src/api/transport.js';
import { json } from './script-server.js';
import { failure, getGroups, TOKEN, useTransports } from './transport-harness.js';

const setup = useTransports({ concurrency: 2, retry: { ...defaultRetryPolicy, baseDelayMs: 1, maxDelayMs: 2 } });

describe('transport limits', () => {
  it('ends a body trickled a byte at a time at the deadline, once, without a retry', async () => {
    const { server, transport } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(' ')), 20);
      res.on('close', () => clearInterval(timer));
    }, { deadlineMs: 300 });
    const error = await failure(transport.request(getGroups));
    expect(error).toMatchObject({ status: 0, code: 'timeout' });
    expect(error.description).toMatch(/no complete answer within 0.3 s/);
    expect(server.seen).toHaveLength(1);
  });

  it('stops reading past the size cap, and does not download it again', async () => {
    const { server, transport } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(16_384, 0x20);
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      res.on('error', () => undefined);
      pump();
    }, { maxAnswerBytes: 100_000, deadlineMs: 10_000 });
    const error = await failure(transport.request(getGroups));
    expect(error).toMatchObject({ status: 200, code: 'answer_too_large' });
    expect(error.description).toBe('the answer is larger than 100000 bytes; stopped reading it (no real answer is this large)');
    expect(server.seen).toHaveLength(1);
  });

  it('refuses a declared length over the cap before reading any of it', async () => {
    const { transport } = await setup((_req, res) => json(res, 200, { data: 'x'.repeat(2000) }), { maxAnswerBytes: 1000 });
    expect((await failure(transport.request(getGroups))).code).toBe('answer_too_large');
  });

  it('an over-cap answer to a create is ambiguous: the create may have happened', async () => {
    const { transport } = await setup((_req, res) => json(res, 200, { data: { groupid: '1', pad: 'x'.repeat(2000) } }), { maxAnswerBytes: 1000 });
    const error = await failure(transport.request({ kind: 'create-group', method: 'POST', path: '/chatgroups', body: {}, safeToRepeat: false }));
    expect(error.ambiguous).toBe(true);
  });

  it('reads a numeric error_code with desc like error with error_description', async () => {
    const { transport } = await setup((_req, res) => json(res, 403, { error_code: 40003, desc: 'forbidden here' }));
    expect(await failure(transport.request(getGroups))).toMatchObject({ status: 403, code: '40003', description: 'forbidden here' });
  });

  it('masks an echoed token in the error code, and strips escape sequences from the words', async () => {
    const { transport } = await setup((_req, res) => json(res, 403, { error: `${TOKEN}\x1b[2J`, error_description: `\x1b]0;title\x07bad \x1b[31m${TOKEN}` }));
    const error = await failure(transport.request(getGroups));
    expect(error.code).toBe('***');
    expect(error.description).toBe('bad ***');
    expect(error.message).not.toContain(TOKEN);
  });
});

describe('Agora token exchange', () => {
  it('exchanges the built token once when the server refuses it, then uses the exchanged one', async () => {
    let own: Transport | undefined;
    const { server, transport } = await setup(
      (req, res) => {
        if (req.url.endsWith('/token')) return json(res, 200, { access_token: 'exchanged-token-1', expire_timestamp: Date.now() + 3_600_000 });
        if (req.headers.authorization === 'Bearer exchanged-token-1') return json(res, 200, { data: [] });
        return json(res, 401, { error: 'unauthorized', error_description: 'Unable to authenticate' });
      },
      {
        auth: new AgoraAppToken({
          appId: 'app',
          appCertificate: 'cert',
          build: () => 'built-agora-token',
          exchange: (built) => own!.request({ kind: 'token', method: 'POST', path: '/token', body: { grant_type: 'agora' }, bearer: built }),
        }),
      },
    );
    own = transport;
    await transport.request(getGroups);
    await transport.request(getGroups);
    expect(server.seen.map((s) => [s.url.replace('/org/app', ''), s.headers.authorization])).toEqual([
      ['/chatgroups/1', 'Bearer built-agora-token'],
      ['/token', 'Bearer built-agora-token'],
      ['/chatgroups/1', 'Bearer exchanged-token-1'],
      ['/chatgroups/1', 'Bearer exchanged-token-1'],
    ]);
    expect(JSON.parse(server.seen[1]!.body)).toEqual({ grant_type: 'agora' });
  });
});

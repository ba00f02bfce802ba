/**
 * Issue 2's acceptance, literally: `groupctl emulator --port 0` prints its URL, and each
 * curl example of the two doc pages, pointed at it, gets a response shaped like the
 * page's example (same keys, same JSON types, recursively through `data`).
 * Requests and examples are copied from ../shared/api-docs with XXXX filled in.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, tempDir } from '../helpers/cli.js';

const run = promisify(execFile);

const G1 = '228000000000001';
const G2 = '228000000000002';
const AUTH = ['-H', 'Authorization: Bearer emulator-token'];
const JSON_HEADERS = ['-H', 'Content-Type: application/json', '-H', 'Accept: application/json', ...AUTH];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface Example {
  name: string;
  /** curl arguments after the URL's base is known; {E} = easemob base, {A} = agora base. */
  args: string[];
  /** The page's response example. */
  example: Json;
}

const EXAMPLES: Example[] = [
  {
    name: 'create a group',
    args: ['-X', 'POST', ...JSON_HEADERS, '-d', '{"groupname":"testgroup","avatar":"https://www.XXXX.com/XXX/image","description":"test","public":true,"maxusers":300,"owner":"testuser","members":["user2"]}', '{E}/chatgroups'],
    example: { action: 'post', application: '8bXXXX02', uri: 'https://XXXX/XXXX/XXXX/chatgroups', entities: [], data: { groupid: '6XXXX7' }, timestamp: 1542361730243, duration: 0, organization: 'XXXX', applicationName: 'testapp' },
  },
  {
    name: 'disable a group',
    args: ['-X', 'POST', ...JSON_HEADERS, `{E}/chatgroups/${G2}/disable`],
    example: { action: 'post', application: 'XXXX', applicationName: 'XXXX', data: { disabled: true }, duration: 740, entities: [], organization: 'XXXX', properties: {}, timestamp: 1672974260359, uri: 'https://XXXX/XXXX/XXXX/chatgroups/XXXX/disable' },
  },
  {
    name: 'enable a group',
    args: ['-X', 'POST', ...JSON_HEADERS, `{E}/chatgroups/${G2}/enable`],
    example: { action: 'post', application: 'XXXX', applicationName: 'XXXX', data: { disabled: false }, duration: 22, entities: [], organization: 'XXXX', properties: {}, timestamp: 1672974668171, uri: 'https://XXXX/XXXX/XXXX/chatgroups/XXXX/enable' },
  },
  {
    name: 'modify a group',
    args: ['-X', 'PUT', '-H', 'Accept: application/json', ...AUTH, `{E}/chatgroups/${G1}`, '-d', '{"groupname":"test groupname","avatar":"https://www.XXXX.com/XXX/image","description":"updategroupinfo12311","maxusers":1500,"membersonly":true,"allowinvites":false,"invite_need_confirm":true,"custom":"abc","public":true}'],
    example: { action: 'put', application: 'XXXXXX', applicationName: 'XXXX', data: { allowinvites: true, invite_need_confirm: true, membersonly: true, public: true, custom: true, description: true, maxusers: true, groupname: true, avatar: true }, duration: 0, entities: [], organization: 'XXXX', properties: {}, timestamp: 1666062065529, uri: 'https://XXXX/XXXX/XXXX/chatgroups/6XXXX7' },
  },
  {
    name: 'list app groups, first page',
    args: ['-X', 'GET', '-H', 'Accept: application/json', ...AUTH, '{E}/chatgroups?limit=2'],
    example: { action: 'get', params: { limit: ['2'] }, uri: 'https://XXXX/XXXX/XXXX/chatgroups', entities: [], data: [{ owner: 'XXXX#testapp_user1', groupid: '10XXXX60', affiliations: 2, type: 'group', lastModified: '1441021038124', groupname: 'testgroup1' }], timestamp: 1441094193812, duration: 14, cursor: 'Y2hhdGdyb3VwczplYXNlbW9iLWRlbW8vY2hhdGRlbW91aV8z', count: 2 },
  },
  {
    name: "a user's groups",
    args: ['-L', '-X', 'GET', '{E}/chatgroups/user/testuser', ...AUTH],
    example: { action: 'get', applicationName: 'XXXX', duration: 0, entities: [{ name: '群组名称', avatar: 'https://www.XXXX.com/XXX/image', owner: '群组管理员', id: '2XXXX1', groupId: '2XXXX1', description: '群组描述', disabled: false, public: false, allowinvites: false, membersonly: true, maxusers: 2000, created: 1692687427254 }], organization: 'XXXX', timestamp: 1692687427254, total: 10, uri: 'http://XXXX/XXXX/XXXX/chatgroups/user/XXXX' },
  },
  {
    name: 'is a user in a group',
    args: ['-X', 'GET', '-H', 'Accept: application/json', ...AUTH, `{E}/chatgroups/${G1}/user/testuser/is_joined`],
    example: { action: 'get', application: '8bXXXX02', data: false, duration: 0, organization: 'XXXX', timestamp: 1691547476492 },
  },
  {
    name: 'group details',
    args: ['-X', 'GET', '-H', 'Accept: application/json', ...AUTH, `{E}/chatgroups/${G1}`],
    example: { action: 'get', application: '09ebbf8b-XXXX-XXXX-bd4b-d47c3b38e434', applicationName: 'XXXX', count: 1, data: [{ id: 'XXXX', name: 'XXXX', avatar: 'https://www.XXXX.com', description: 'XXXX', membersonly: true, allowinvites: false, maxusers: 2000, owner: 'XXXX', created: 1682588716646, custom: '', mute: false, affiliations_count: 2, disabled: false, affiliations: [{ member: 'XXXX' }, { owner: 'XXXX' }], public: false }], duration: 35, entities: [], organization: 'XXXX', properties: {}, timestamp: 1682588814419, uri: 'http://XXXX/XXXX/XXXX/chatgroups/XXXX' },
  },
  {
    name: 'transfer ownership (Agora style)',
    args: ['-X', 'PUT', ...JSON_HEADERS, '-d', '{ "newowner": "user2" }', `{A}/chatgroups/${G1}`],
    example: { action: 'put', uri: 'https://XXXX/XXXX/XXXX/chatgroups/66XXXX85', entities: [], data: { newowner: true }, timestamp: 1542537813420, duration: 0 },
  },
  {
    name: 'add an admin (Agora style)',
    args: ['-X', 'POST', `{A}/chatgroups/${G1}/admin`, '-d', '{"newadmin":"user1"}', ...AUTH],
    example: { action: 'post', data: { result: 'success', newadmin: 'man' }, duration: 0, entities: [], properties: {}, timestamp: 1680074570600, uri: 'https://XXXX/XXXX/XXXX/chatgroups/190141728620545/admin' },
  },
  {
    name: 'list admins (Agora style)',
    args: ['-X', 'GET', `{A}/chatgroups/${G1}/admin`, ...AUTH],
    example: { action: 'get', uri: 'https://XXXX/XXXX/XXXX/chatgroups/10XXXX85/admin', entities: [], data: ['user1'], timestamp: 1489073361210, duration: 0, count: 1 },
  },
  {
    name: 'remove an admin (Agora style)',
    args: ['-X', 'DELETE', `{A}/chatgroups/${G1}/admin/user1`, ...AUTH],
    example: { action: 'delete', uri: 'https://XXXX/XXXX/XXXX/chatgroups/10XXXX85/admin/user1', entities: [], data: { result: 'success', oldadmin: 'user1' }, timestamp: 1489073432732, duration: 1 },
  },
  {
    name: 'dismiss a group',
    args: ['-X', 'DELETE', '-H', 'Accept: application/json', ...AUTH, `{E}/chatgroups/${G2}`],
    example: { action: 'delete', application: '8bXXXX02', uri: 'https://XXXX/XXXX/XXXX/chatgroups/6XXXX7', entities: [], data: { success: true, groupid: '6XXXX7' }, timestamp: 1542363546590, duration: 0, organization: 'XXXX', applicationName: 'testapp' },
  },
];

/** Every key of the example is in the answer with the same JSON type, recursively. */
function shapeProblems(example: Json, actual: unknown, at = '$'): string[] {
  const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  if (kind(example) !== kind(actual)) return [`${at}: expected ${kind(example)}, got ${kind(actual)} ${JSON.stringify(actual)}`];
  if (Array.isArray(example)) {
    const items = actual as unknown[];
    if (example.length === 0) return [];
    if (items.length === 0) return [`${at}: expected items like ${JSON.stringify(example[0])}, got an empty array`];
    // Items are compared with the example item of the same key (affiliations: {member}, {owner}).
    const like = (item: unknown): Json =>
      example.find((e) => kind(e) === 'object' && kind(item) === 'object' && Object.keys(e as object).every((k) => k in (item as object))) ??
      example[0]!;
    return items.flatMap((item, i) => shapeProblems(like(item), item, `${at}[${i}]`));
  }
  if (kind(example) === 'object') {
    return Object.entries(example as Record<string, Json>).flatMap(([k, v]) =>
      k in (actual as object) ? shapeProblems(v, (actual as Record<string, unknown>)[k], `${at}.${k}`) : [`${at}: missing "${k}"`],
    );
  }
  return [];
}

describe('the doc pages\' curl examples against `groupctl emulator --port 0`', () => {
  let child: ChildProcess;
  let url = '';

  beforeAll(async () => {
    const dir = tempDir();
    const seed = path.join(dir, 'seed.json');
    writeFileSync(
      seed,
      JSON.stringify({
        users: ['testuser', 'user1', 'user2'],
        groups: [
          { id: G1, groupname: 'testgroup1', owner: 'testuser', members: ['user1', 'user2'], admins: [], public: false },
          { id: G2, groupname: 'testgroup2', owner: 'user2', members: [], admins: [], public: true },
        ],
      }),
    );
    child = spawn(process.execPath, [CLI, 'emulator', '--port', '0', '--seed', seed], { stdio: ['ignore', 'pipe', 'pipe'] });
    const first = createInterface({ input: child.stdout! });
    const [line] = (await once(first, 'line')) as [string];
    expect(line).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
    url = line.replace('listening on ', '');
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  // In page order: later examples depend on earlier ones (user1 is made admin before removal).
  it.each(EXAMPLES.map((e) => [e.name, e] as const))('%s', async (_name, example) => {
    const args = example.args.map((a) => a.replace('{E}', `${url}/demo/demo`).replace('{A}', `${url}/app-id/demo`));
    const { stdout } = await run('curl', ['-sS', '-w', '\n%{http_code}', ...args]);
    const status = stdout.slice(stdout.lastIndexOf('\n') + 1);
    const body = JSON.parse(stdout.slice(0, stdout.lastIndexOf('\n')));
    expect(status, JSON.stringify(body)).toBe('200');
    expect(shapeProblems(example.example, body)).toEqual([]);
  });

  it('stops cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(0);
  });
});

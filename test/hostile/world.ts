/**
 * One hostile case's world: a hostile server in front of a seeded emulator, a config
 * folder bound to two live groups, and the CLI run against it as a user would. After
 * the run, every output and every file in the folder is searched for the secret.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { StateStore } from '../../src/state/index.js';
import { runCli, tempDir, type CliResult } from '../helpers/cli.js';
import { startHostileServer, type HostileServer, type Tamper } from './hostile-server.js';

/** Long enough to be recognisable in any spelling; `/`, `+` and `"` get escaped by JSON and URLs. */
export const TOKEN = 'hostile-T0ken/with+"quote"=end';
export const ENG = '228000000000001';
export const SALES = '228000000000002';

export const CONFIG = `groups:
  eng:
    name: Engineering
    owner: alice
    admins: [bob]
    members: [bob, carol]
  sales:
    name: Sales
    owner: bob
`;

export const SEED = {
  users: ['alice', 'bob', 'carol', 'dave'],
  groups: [
    { id: ENG, groupname: 'Engineering', owner: 'alice', admins: ['bob'], members: ['bob', 'carol'] },
    { id: SALES, groupname: 'Sales', owner: 'bob', members: [] },
  ],
  nextGroupId: '228000000000003',
};

/** Small limits, so a trickle or an endless answer ends in a moment. */
export const LIMIT_ENV = { GROUPCTL_REQUEST_DEADLINE_MS: '1500', GROUPCTL_MAX_ANSWER_BYTES: '200000' };

export interface World {
  server: HostileServer;
  dir: string;
  run(args: string[], env?: Record<string, string>): Promise<CliResult>;
  /** Every output of every run, and every file in the folder. */
  everything(): string;
  close(): Promise<void>;
}

export async function startWorld(
  tamper: Tamper,
  options: { config?: string; bind?: Record<string, string>; seed?: typeof SEED; now?: () => number; clientSecret?: string } = {},
): Promise<World> {
  const server = await startHostileServer({
    seed: structuredClone(options.seed ?? SEED),
    token: TOKEN,
    tamper,
    ...(options.now ? { now: options.now } : {}),
    ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
  });
  const dir = tempDir({ 'groups/main.yaml': options.config ?? CONFIG });
  const state = await StateStore.open(path.join(dir, 'groups', 'groupctl.state.json'), { lock: true });
  for (const [key, id] of Object.entries(options.bind ?? { eng: ENG, sales: SALES })) state.bind(key, { id });
  await state.close();
  const outputs: string[] = [];
  return {
    server,
    dir,
    async run(args, env = {}) {
      const credentials = options.clientSecret
        ? { GROUPCTL_CLIENT_ID: 'emulator', GROUPCTL_CLIENT_SECRET: options.clientSecret }
        : { GROUPCTL_TOKEN: TOKEN };
      const result = await runCli(args, { cwd: dir, env: { GROUPCTL_BASE_URL: server.baseUrl, ...credentials, ...LIMIT_ENV, ...env } });
      outputs.push(result.stdout, result.stderr);
      return result;
    },
    everything: () => [...outputs, ...filesUnder(dir).map((f) => readFileSync(f, 'utf8'))].join('\n'),
    close: () => server.close(),
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

/** The secret as sent and as a server may echo it: JSON-escaped, URL-encoded. */
export function spellingsOf(secret: string): string[] {
  return [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), secret.slice(0, 12)];
}

/** The live state a wrong answer must leave alone. */
export function snapshot(server: HostileServer): unknown {
  const data = server.emulator.store.toData() as { groups: Array<Record<string, unknown>> };
  return data.groups.map(({ lastModified: _l, ...g }) => g);
}

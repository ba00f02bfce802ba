/**
 * Wrong answers to the allow-list and block-list reads (issue 24): a list that is not a
 * list, a row that is not a name, and a block-list cursor that repeats are clear
 * errors before any change, never an empty list (which would plan blocks or unblocks).
 */
import { afterEach, describe, it } from 'vitest';
import { planFails, writeConfig } from './steps.js';
import { startWorld, type World } from './world.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const isListRead = (method: string, path: string, list: 'white' | 'blocks') => method === 'GET' && path.split('?')[0]!.endsWith(`/${list}/users`);

describe('hostile server: list answers', () => {
  it('an allow list that is not a list is an error', async () => {
    world = await startWorld((req) => (isListRead(req.method, req.path, 'white') ? { status: 200, body: JSON.stringify({ data: { bob: true } }) } : undefined));
    await writeConfig(world, 'Engineering', '    allow_list: [bob]\n');
    await planFails(world, /the allow list of group \d+ is not a list/);
  });

  it('a block-list row that is not a name is an error', async () => {
    world = await startWorld((req) => (isListRead(req.method, req.path, 'blocks') ? { status: 200, body: JSON.stringify({ data: [{ id: 7 }] }) } : undefined));
    await writeConfig(world, 'Engineering', '    block_list: []\n');
    await planFails(world, /the block list of group \d+ has a row that is not a name/);
  });

  it('a block-list cursor that repeats stops the read instead of looping', async () => {
    world = await startWorld((req) => (isListRead(req.method, req.path, 'blocks') ? { status: 200, body: JSON.stringify({ data: ['zed'], cursor: 'again' }) } : undefined));
    await writeConfig(world, 'Engineering', '    block_list: [zed]\n');
    await planFails(world, /the block list of group \d+ repeats its cursor "again"/);
  });
});

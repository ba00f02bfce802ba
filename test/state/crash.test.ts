/**
 * A real kill -9: a child process binds keys as fast as it can and reports each bind after
 * it returns; the parent kills it mid-stream and checks that every reported bind survived
 * and that the dead child's lock is taken over. The child runs our state code transpiled
 * to plain JS (Node 20 cannot run TypeScript itself).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { StateStore } from '../../src/state/state-store.js';
import { useTempDir } from './helpers.js';

const tempDir = useTempDir();
/** The state code and the modules it runs on (its other imports are types only). */
const FOLDERS = ['state', 'durable', 'util', 'model'];

function transpileStateModule(outDir: string): string {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'package.json'), '{"type":"module"}');
  for (const folder of FOLDERS) {
    const source = new URL(`../../src/${folder}/`, import.meta.url);
    const dir = join(outDir, folder);
    mkdirSync(dir, { recursive: true });
    for (const file of readdirSync(source).filter((name) => name.endsWith('.ts'))) {
      const { outputText } = ts.transpileModule(readFileSync(new URL(file, source), 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      });
      writeFileSync(join(dir, file.replace(/\.ts$/, '.js')), outputText);
    }
  }
  return join(outDir, 'state', 'state-store.js');
}

const childScript = `
const { StateStore } = await import(process.argv[2]);
const store = await StateStore.open(process.argv[3]);
for (let i = 0; ; i++) {
  const key = 'g' + String(i).padStart(6, '0');
  store.recordIntent({ key, owner: 'alice', started: i });
  store.bind(key, { id: String(228000000 + i) });
  if (i % 7 === 0) store.recordIntent({ key: key + '-pending', owner: 'bob', started: i });
  if (i % 50 === 49) await store.save();
  process.stdout.write(key + '\\n');
  if (i % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
}
`;

describe('surviving kill -9', () => {
  it('keeps every bind and intent that returned before the kill, and takes over the dead lock', async () => {
    const dir = tempDir();
    const storeModule = transpileStateModule(join(dir, 'build'));
    const scriptPath = join(dir, 'build', 'child.mjs');
    writeFileSync(scriptPath, childScript);
    const statePath = join(dir, 'groupctl.state.json');

    const child = spawn(process.execPath, [scriptPath, storeModule, statePath], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    child.stderr.on('data', (chunk) => (errors += chunk));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk) => {
        output += chunk;
        // Enough to have gone through a few saves, then kill mid-stream.
        if (output.split('\n').length > 400) resolve();
      });
      child.on('exit', () => resolve());
    });
    child.kill('SIGKILL');
    expect(await exited, errors).toBe('SIGKILL');

    const reported = output.split('\n').slice(0, -1); // the last piece may be cut short
    const store = await StateStore.open(statePath);
    const bindings = store.bindings();
    const intents = store.intents();
    for (const key of reported) {
      expect(bindings.get(key), key).toEqual({ id: String(228000000 + Number(key.slice(1))) });
      expect(intents.has(key), key).toBe(false);
      if (Number(key.slice(1)) % 7 === 0) expect(intents.has(`${key}-pending`), `${key}-pending`).toBe(true);
    }
    expect(bindings.size).toBeGreaterThanOrEqual(reported.length);
    await store.close();
  });
});

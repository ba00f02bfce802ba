/**
 * The README stays true: the configuration reference it links to is the one the schema generates, its
 * quickstart is the two commands the issue asks for and they work, it stays short and in
 * newcomer order, its links resolve, "Connect your app" works as written against an emulator,
 * the commands after the demo work, and the library example type-checks and runs.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { cleanEnv, ROOT, runCli, tempDir } from '../helpers/cli.js';
import { currentReference, renderConfigReference } from './config-reference.js';

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const REFERENCE = readFileSync(path.join(ROOT, 'examples/REFERENCE.md'), 'utf8');

function section(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`);
  expect(start, `README has a "## ${title}" section`).toBeGreaterThanOrEqual(0);
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end < 0 ? undefined : end);
}

function codeBlocks(text: string, lang: string): string[] {
  return [...text.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}

function node(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('README', () => {
  it('links to the configuration reference generated from schemas/groupctl.schema.json (examples/REFERENCE.md)', () => {
    expect(section('Configuration')).toContain('examples/REFERENCE.md#configuration-fields');
    const expected = renderConfigReference();
    const current = currentReference(REFERENCE);
    if (current !== expected) {
      expect.fail(`The configuration reference in examples/REFERENCE.md differs from the schema. Paste this over the block:\n\n${expected}\n`);
    }
  });

  it('starts with a quickstart of exactly two commands, and keeps "npm test"', () => {
    const [first] = codeBlocks(section('Quickstart'), 'sh');
    expect(first).toBe('npm ci && npm run demo\nnpm test\n');
    // npm ci runs no build (the package builds in prepack), so both commands build first.
    const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['predemo']).toBe('npm run build');
    expect(scripts['pretest']).toBe('npm run build');
  });

  it('shows benchmark numbers that are in test/bench/RESULTS.md, for every size it measured', () => {
    const performance = section('Performance');
    expect(performance).toContain('test/bench/RESULTS.md');
    const results = readFileSync(path.join(ROOT, 'test/bench/RESULTS.md'), 'utf8');
    // README: | scenario | groups | latency | phase | calls / minimum | ...; RESULTS: | scenario | groups | latency ms | rate/s | phase | calls | minimum | ...
    const shown = [...performance.matchAll(/^\| ([a-z ]+) \| ([\d,]+) \| (\d+) ms \| (plan|apply|apply --plan) \| ([\d,]+) \/ ([\d,]+) \|/gm)].map((m) =>
      m.slice(1, 7).map((v) => v!.replaceAll(',', '')),
    );
    const measured = new Set(
      [...results.matchAll(/^\| ([a-z ]+) \| ([\d,]+) \| (\d+) \| \d+ \| (plan|apply|apply --plan) \| (\d+) \| (\d+) \|/gm)].map((m) =>
        m.slice(1, 7).map((v) => v!.replaceAll(',', '')).join(' '),
      ),
    );
    expect(shown.map((row) => row[1])).toEqual(expect.arrayContaining(['1000', '10000']));
    expect(shown.map((row) => row[0])).toEqual(expect.arrayContaining(['latency', 'settings only', 'slower server', 'app traffic']));
    for (const row of shown) expect(measured, `README row ${row.join(' ')}`).toContain(row.join(' '));
  });

  it('names every exit code the CLI uses', () => {
    const table = section('Exit codes');
    for (const code of ['0', '1', '2']) expect(table).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
  });
});

describe('the README as a newcomer reads it', () => {
  it('reads top to bottom in ten minutes: at most 400 lines, the sections in newcomer order', () => {
    expect(README.split('\n').length).toBeLessThanOrEqual(400);
    // A subsequence, so sections for new features can go in between without breaking this.
    const order = ['Quickstart', 'Install', 'Connect your app', 'The everyday loop', 'Concepts', 'Commands', 'Configuration', 'Safety', 'Exit codes', 'Troubleshooting', 'Performance', 'Library use', 'Development'];
    const titles = [...README.matchAll(/^## (.+)$/gm)].map((m) => m[1]!);
    expect(titles.filter((t) => order.includes(t))).toEqual(order);
  });

  it('links only to files that exist', () => {
    const links = [...README.matchAll(/\]\(((?!https?:|#)[^)#]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(10);
    for (const link of links) expect(existsSync(path.join(ROOT, link)), link).toBe(true);
  });

  it('"Connect your app" works as written against an emulator standing in for the app: doctor, a first group, a plan that changes nothing', async () => {
    const connect = section('Connect your app');
    const [setup, planning] = codeBlocks(connect, 'sh');
    const [yaml] = codeBlocks(connect, 'yaml');
    const file = /^# (\S+)\n/.exec(yaml!)![1]!;
    const exported = [...setup!.matchAll(/^export (GROUPCTL_[A-Z_]+)=/gm)].map((m) => m[1]!);
    expect(exported).toEqual(['GROUPCTL_BASE_URL', 'GROUPCTL_CLIENT_ID', 'GROUPCTL_CLIENT_SECRET']);
    const emulator = await startEmulator({ port: 0, quiet: true, clientId: 'my-client', clientSecret: 'my-secret', seed: { users: ['alice', 'bob'], groups: [] } });
    try {
      const values: Record<string, string> = { GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_CLIENT_ID: 'my-client', GROUPCTL_CLIENT_SECRET: 'my-secret' };
      const env = Object.fromEntries(exported.map((name) => [name, values[name]]));
      const dir = tempDir({ [file]: yaml! });
      const commands = [setup!, planning!].flatMap((block) => block.split('\n').filter((line) => line.startsWith('npx groupctl ')));
      expect(commands.map((c) => c.split(' ')[2])).toEqual(['doctor', 'plan']);
      const [doctor, plan] = commands.map((c) => c.replace(/^npx groupctl /, '').split(' '));
      const checked = await runCli(doctor!, { cwd: dir, env });
      expect(checked.stdout + checked.stderr).not.toMatch(/FAIL/);
      expect(checked.code).toBe(0);
      const planned = await runCli(plan!, { cwd: dir, env });
      expect(planned.code).toBe(0);
      expect(planned.stdout).toMatch(/team[\s\S]*create/);
      expect(emulator.store.toData().groups).toEqual([]);
    } finally {
      await emulator.close();
    }
  }, 60_000);
});

describe('npm run demo, and the commands after it', () => {
  it('runs the main job on the sandbox and ends on the drift plan, exit 0', async () => {
    // A copy of the checkout's examples in a temporary folder: the demo and the commands
    // after it write .groupctl/ where they run, and a test never writes into the checkout.
    const dir = tempDir();
    cpSync(path.join(ROOT, 'examples'), path.join(dir, 'examples'), { recursive: true });
    const demo = await node([path.join(ROOT, 'dist/demo/main.js')], dir, cleanEnv());
    expect(demo.code).toBe(0);
    for (const step of [1, 2, 3, 4, 5]) expect(demo.output).toContain(`== ${step}. `);
    expect(demo.output).toContain('Apply complete');
    expect(demo.output).toMatch(/team-all[\s\S]*"Team \(renamed by hand\)" -> "Team"/);
    expect(demo.output).toContain('Exit code 2');
    expect(demo.output).not.toMatch(/\x1b\[/);

    const [after] = codeBlocks(section('Quickstart'), 'sh').slice(1);
    const [plan, apply] = after!.trim().split('\n').map((line) => line.replace(/^npx groupctl /, '').split(' '));
    const drift = await runCli([...plan!, '--detailed-exitcode'], { cwd: dir });
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain('team-all');
    // Without a terminal apply cannot ask for "yes"; the test gives the approval instead.
    const fixed = await runCli([...apply!, '--auto-approve'], { cwd: dir });
    expect(fixed.stdout).toContain('Apply complete');
    expect(fixed.code).toBe(0);
    expect((await runCli([...plan!, '--detailed-exitcode'], { cwd: dir })).code).toBe(0);
  }, 60_000);
});

describe('the library example', () => {
  it('type-checks against the published types and plans and applies against an emulator', async () => {
    const [example] = codeBlocks(section('Library use'), 'ts');
    expect(example).toContain("from 'groupctl'");
    const dir = tempDir({
      'package.json': JSON.stringify({ type: 'module' }),
      'tsconfig.json': JSON.stringify({
        compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, types: ['node'], skipLibCheck: true },
        files: ['example.ts'],
      }),
      'example.ts': example!,
      'example.mjs': example!,
      'groups/team.yaml': 'groups:\n  team:\n    name: Team\n    owner: alice\n    admins: [bob]\n',
    });
    // The package as an installed dependency: node_modules/groupctl is this checkout.
    mkdirSync(path.join(dir, 'node_modules/@types'), { recursive: true });
    symlinkSync(ROOT, path.join(dir, 'node_modules/groupctl'), 'dir');
    symlinkSync(path.join(ROOT, 'node_modules/@types/node'), path.join(dir, 'node_modules/@types/node'), 'dir');

    const typecheck = await node([path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], dir, cleanEnv());
    expect(typecheck.output).toBe('');
    expect(typecheck.code).toBe(0);

    const emulator = await startEmulator({ port: 0, quiet: true, seed: { users: ['alice', 'bob'], groups: [] } });
    try {
      const env = cleanEnv({ GROUPCTL_BASE_URL: emulator.baseUrls.easemob, GROUPCTL_TOKEN: 'emulator-token' });
      const first = await node(['example.mjs'], dir, env);
      expect(first.output).toContain('applied');
      expect(first.code).toBe(0);
      const second = await node(['example.mjs'], dir, env);
      expect(second.output).not.toContain('applied');
      expect(emulator.store.toData().groups).toHaveLength(1);
    } finally {
      await emulator.close();
    }
  }, 60_000);
});

/**
 * groupctl installs as a package: `npm pack` of this checkout, installed from the tarball
 * into an empty folder (offline, from the npm cache that `npm ci` filled), runs there as
 * `npx groupctl` and imports as a library, schemas included. `npm pack --ignore-scripts`:
 * dist/ is already built by `npm test`, and a build here would rewrite it under running tests.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, ROOT, tempDir } from '../helpers/cli.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: cleanEnv({ npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' }) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface PackInfo {
  filename: string;
  integrity: string;
  files: Array<{ path: string }>;
}

interface LockEntry {
  version?: string;
  dev?: boolean;
  devOptional?: boolean;
  [field: string]: unknown;
}

/**
 * The test project's lockfile: groupctl from the tarball, and its dependencies exactly as
 * this checkout's package-lock.json pins them. npm's cache holds those tarballs (npm ci put
 * them there) but no registry metadata, so only a lockfile install can run offline.
 */
function lockFor(tarball: string, info: PackInfo): object {
  const own = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const root = own.packages['']!;
  const packages: Record<string, LockEntry> = {
    '': { name: 'groups-repo', devDependencies: { groupctl: `file:${tarball}` } },
    'node_modules/groupctl': {
      version: root.version,
      resolved: `file:${tarball}`,
      integrity: info.integrity,
      dev: true,
      license: root.license,
      dependencies: root.dependencies,
      bin: root.bin,
      engines: root.engines,
    },
  };
  for (const [where, entry] of Object.entries(own.packages)) {
    if (where !== '' && !entry.dev && !entry.devOptional) packages[where] = { ...entry, dev: true };
  }
  return { name: 'groups-repo', lockfileVersion: 3, requires: true, packages };
}

let files: string[] = [];
let project = '';
let installed: Run = { code: null, stdout: '', stderr: '' };

beforeAll(async () => {
  const packed = tempDir();
  const pack = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packed], ROOT);
  expect(pack.stderr).not.toMatch(/npm (ERR|error)/);
  expect(pack.code).toBe(0);
  const [info] = JSON.parse(pack.stdout) as PackInfo[];
  files = info!.files.map((f) => f.path);

  const tarball = path.join(packed, info!.filename);
  project = tempDir({
    'package.json': JSON.stringify({ name: 'groups-repo', private: true, type: 'module', devDependencies: { groupctl: `file:${tarball}` } }),
    'package-lock.json': JSON.stringify(lockFor(tarball, info!)),
    'groups/team.yaml': 'groups:\n  team:\n    name: Team\n    owner: alice\n    admins: [bob]\n',
  });
  const install = await run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], project);
  installed = install;
  if (install.code !== 0) throw new Error(`npm install of the tarball failed:\n${install.stdout}\n${install.stderr}`);
}, 180_000);

describe('the packed package', () => {
  it('holds dist, schemas, README, LICENSE and CHANGELOG, and no source maps or sources', () => {
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/cli/main.cjs', 'dist/cli/main.js', 'dist/index.d.ts', 'schemas/groupctl.schema.json', 'schemas/plan.schema.json', 'dist/plan/plan-schema.validate.cjs']));
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
  });

  it('installs from the tarball without a word from npm (no lifecycle script to warn about)', () => {
    // npm 11 warns on every install of a package that ships a `prepare` script (issue 19).
    expect(installed.stderr).not.toMatch(/npm warn/i);
    expect(files).toEqual(expect.arrayContaining(['examples/ci/bin/apply-merged.sh', 'examples/ci/bin/push-state.sh', 'examples/ci/bin/split-args.mjs']));
  });

  it('runs as npx groupctl in an empty project: --version, validate', async () => {
    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default as { version: string };
    const shown = await run('npx', ['--offline', 'groupctl', '--version'], project);
    expect(shown.stdout).toBe(`groupctl ${version}\n`);
    expect(shown.code).toBe(0);
    const valid = await run('npx', ['--offline', 'groupctl', 'validate'], project);
    expect(valid.stderr).toBe('');
    expect(valid.code).toBe(0);
    writeFileSync(path.join(project, 'groups/bad.yaml'), 'groups:\n  bad:\n    nmae: Oops\n    owner: alice\n');
    const invalid = await run('npx', ['--offline', 'groupctl', 'validate'], project);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/bad\.yaml:3:\d+/);
  }, 60_000);

  it('imports as a library, and its schemas through the exports map', async () => {
    mkdirSync(path.join(project, 'check'), { recursive: true });
    writeFileSync(
      path.join(project, 'check/use.mjs'),
      [
        "import { loadConfig, makePlan } from 'groupctl';",
        "import plan from 'groupctl/schemas/plan.schema.json' with { type: 'json' };",
        "import config from 'groupctl/schemas/groupctl.schema.json' with { type: 'json' };",
        "const desired = await loadConfig(['groups/team.yaml']);",
        "console.log(typeof makePlan, [...desired.groups.keys()].join(','), plan.title, config.title);",
      ].join('\n'),
    );
    const used = await run(process.execPath, ['check/use.mjs'], project);
    expect(used.stderr).toBe('');
    expect(used.stdout).toBe('function team groupctl plan (format_version 1) groupctl configuration file\n');
  }, 60_000);
});

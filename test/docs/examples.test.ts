/**
 * Every configuration example validates, and carries the `$schema` hint editors use; the
 * CI recipes (YAML too, but not groupctl config, kept in examples/ci/.github and
 * examples/ci/.gitlab-ci.yml where the config finder does not look) are covered by
 * ci-recipes.test.ts.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const EXAMPLES = path.join(ROOT, 'examples');
const NOT_CONFIG = new Set(['ci']);

const folders = readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((e) => e.isDirectory() && !NOT_CONFIG.has(e.name))
  .map((e) => e.name)
  .filter((name) => readdirSync(path.join(EXAMPLES, name)).some((f) => /\.ya?ml$/.test(f)));

describe.each(folders)('examples/%s', (folder) => {
  const files = readdirSync(path.join(EXAMPLES, folder)).filter((f) => /\.ya?ml$/.test(f));

  it('validates', async () => {
    const result = await runCli(['validate', `examples/${folder}`]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^Configuration is valid/);
    expect(result.code).toBe(0);
  });

  it.each(files)('%s starts with a yaml-language-server $schema hint to the schema', (file) => {
    const first = readFileSync(path.join(EXAMPLES, folder, file), 'utf8').split('\n')[0]!;
    const hint = /^# yaml-language-server: \$schema=(\S+)$/.exec(first)?.[1];
    expect(hint).toBeDefined();
    const target = path.resolve(EXAMPLES, folder, hint!);
    expect(target).toBe(path.join(ROOT, 'schemas/groupctl.schema.json'));
    expect(existsSync(target)).toBe(true);
  });
});

it('validates as one folder, `groupctl validate examples/`, as the CONTRACT shows (the CI recipes sit in hidden folders)', async () => {
  const result = await runCli(['validate', 'examples/']);
  expect(result.stderr).toBe('');
  expect(result.stdout).toMatch(/^Configuration is valid/);
  expect(result.code).toBe(0);
});

it('finds the configuration examples', () => {
  expect(folders).toEqual(expect.arrayContaining(['small-team', 'organisation']));
});

/**
 * Several broken files in one folder (test/config/fixtures/broken): every problem of every
 * file comes out at once, as exact `file:line:col: field: message` lines sorted by file and line.
 */
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const dir = 'test/config/fixtures/broken';

it('reports every problem of several broken files at once, sorted, with file:line:col and field', async () => {
  const error = await loadConfig([dir], { cwd: repoRoot }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).message.split('\n')).toEqual([
    `${dir}/engineering.yaml:4:3: defaults.pubic: unknown field "pubic"; did you mean "public"?`,
    `${dir}/engineering.yaml:8:5: groups.eng-all.onwer: unknown field "onwer"; did you mean "owner"?`,
    `${dir}/engineering.yaml:9:26: groups.eng-all.admins[2]: "bob" is listed twice (also item 1 of admins)`,
    `${dir}/engineering.yaml:13:14: groups.eng-ops.admins[0]: "alice" is the owner; the owner is not an admin (list it as \`owner\` only)`,
    `${dir}/engineering.yaml:14:26: groups.eng-ops.invite_need_confirm: expected a boolean, got string "no"`,
    `${dir}/more/syntax.yml:3:12: yaml: this value and the next line read as one key (a key fits on one line): indent the next line like the entries above it, or quote the value`,
    `${dir}/sales.yaml:4:12: groups.sales.owner: "Sam" is not a valid user id: use 1-64 characters of lowercase a-z, 0-9, "_", "." and "-" (ids are case-insensitive: write "sam")`,
    `${dir}/sales.yaml:5:5: groups.sales.members: owner, admins and members come to 4 users; max_users is 3`,
    `${dir}/sales.yaml:7:3: groups.eng-all: group key "eng-all" is declared twice: here and at ${dir}/engineering.yaml:6:3`,
    `${dir}/sales.yaml:10:9: groups.sales-old.id: live group 228000000000000 is already bound by key "eng-ops" at ${dir}/engineering.yaml:15:9; one group, one key`,
    `${dir}/sales.yaml:12:5: groups.sales-old.protect: \`protect: true\` contradicts \`ensure: dismissed\`; a protected group is never dismissed`,
  ]);
  expect((error as ConfigError).issues[0]).toEqual({
    file: `${dir}/engineering.yaml`,
    line: 4,
    col: 3,
    field: 'defaults.pubic',
    message: 'unknown field "pubic"; did you mean "public"?',
  });
});

/**
 * A sandbox behaves like a real app for users (issue 22): it has the users of its data
 * file and those --sandbox-users names, never the users the configuration names, so a
 * misspelt user fails in the sandbox exactly as it would against the real app.
 */
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const CONFIG = `groups:
  team:
    name: Team
    owner: alice
    members: [bob, carlo]
`;

describe('sandbox users', () => {
  it('a misspelt user (carlo for carol) fails plan with exit 1, naming the user and the group', async () => {
    const cwd = tempDir({ 'groups/team.yaml': CONFIG });
    const plan = await runCli(['plan', '--sandbox', '--sandbox-users', 'alice,bob,carol'], { cwd });
    expect(plan.code).toBe(1);
    expect(plan.stdout + plan.stderr).toMatch(/team.*user carlo does not exist in the app/);
  });

  it('a fresh sandbox registers nobody the config names: without --sandbox-users the owner is missing too', async () => {
    const cwd = tempDir({ 'groups/team.yaml': CONFIG });
    const plan = await runCli(['plan', '--sandbox'], { cwd });
    expect(plan.code).toBe(1);
    expect(plan.stdout + plan.stderr).toContain('users alice, bob, carlo do not exist in the app');
  });

  it('keeps the users it registered in its file: a later run needs no --sandbox-users', async () => {
    const cwd = tempDir({ 'groups/team.yaml': CONFIG.replace('carlo', 'carol') });
    expect((await runCli(['plan', '--sandbox', 'sb.json', '--sandbox-users', 'alice,bob,carol'], { cwd })).code).toBe(0);
    const again = await runCli(['apply', '--sandbox', 'sb.json', '--auto-approve'], { cwd });
    expect(again.code, again.stderr).toBe(0);
    expect((await runCli(['plan', '--sandbox', 'sb.json', '--detailed-exitcode'], { cwd })).code).toBe(0);
  });
});

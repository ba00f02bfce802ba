/**
 * --sandbox: no remote at all, an embedded emulator whose state persists in a file. It has
 * the users --sandbox-users names (registered once, kept in the file), never the users the
 * configuration names: a misspelt user fails there as it would against the real app.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';

const USERS = 'alice,bob,carol,dave,erin';

describe('--sandbox', () => {
  it('applies an example with no remote, keeps state across runs, and then plans clean', async () => {
    const cwd = tempDir();
    const example = path.join(ROOT, 'examples/small-team');
    const applied = await runCli(['apply', example, '--sandbox', '--sandbox-users', USERS, '--auto-approve'], { cwd });
    expect(applied.stderr).not.toContain('FAILED');
    expect(applied.code).toBe(0);
    expect(existsSync(path.join(cwd, '.groupctl/sandbox.json'))).toBe(true);
    // Sandbox bindings sit beside the sandbox file, never in the example's folder.
    expect(existsSync(path.join(cwd, '.groupctl/sandbox.state.json'))).toBe(true);
    expect(existsSync(path.join(example, 'groupctl.state.json'))).toBe(false);

    const plan = await runCli(['plan', example, '--sandbox', '--detailed-exitcode'], { cwd });
    expect(plan.stdout).toContain('No changes');
    expect(plan.code).toBe(0);
  });

  it('takes a file name: --sandbox FILE.json', async () => {
    const cwd = tempDir();
    const example = path.join(ROOT, 'examples/small-team');
    const plan = await runCli(['plan', example, '--sandbox', 'mine.json', '--sandbox-users', USERS, '--detailed-exitcode'], { cwd });
    expect(plan.code).toBe(2);
    expect(existsSync(path.join(cwd, 'mine.json'))).toBe(true);
  });
});

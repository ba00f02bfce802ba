/** cli/rerun.ts: the command lines hints print, and its table of repeatable flags held equal to the command specs. */
import { describe, expect, it } from 'vitest';
import { commandLine, REPEATABLE, rerunOf } from '../../src/cli/rerun.js';
import { COMMANDS } from '../../src/cli/specs.js';

const REPEATED = ['base-url', 'insecure', 'sandbox', 'sandbox-users', 'state', 'out', 'plan', 'target', 'allow-dismiss', 'allow-recreate', 'max-removals', 'max-forget'];

describe('commandLine', () => {
  it('takes for each command exactly the repeatable flags its spec accepts, and PATHs when its usage has them', () => {
    for (const [name, entry] of Object.entries(REPEATABLE)) {
      const spec = COMMANDS[name]!;
      expect([...entry.flags].sort(), name).toEqual(REPEATED.filter((f) => spec.flags[f] !== undefined).sort());
      expect(entry.paths, name).toBe(spec.usage.includes('[PATH...]'));
    }
  });

  it('repeats where the user pointed, quotes for a POSIX shell, and lets the hint replace a flag', () => {
    const invocation = { command: 'plan', flags: { sandbox: 'my box.json', state: "it's.json", target: ['a*'], out: 'p.json', debug: true }, paths: ['my groups'] };
    expect(commandLine(invocation, { command: 'apply', add: ['--plan', 'p.json'], scope: 'guards' })).toBe(
      "npx groupctl apply 'my groups' --sandbox 'my box.json' --state 'it'\\''s.json' --plan p.json",
    );
    expect(rerunOf(invocation)('plan', ['--out', 'q.json'])).toBe("npx groupctl plan 'my groups' --sandbox 'my box.json' --state 'it'\\''s.json' --target 'a*' --out q.json");
    expect(rerunOf(invocation)('export')).toBe("npx groupctl export --sandbox 'my box.json' --state 'it'\\''s.json'");
  });
});

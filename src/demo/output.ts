/** How the demo prints: short numbered headings, colour decided once, and no plan shown twice. */

/**
 * The demo's stdout is the user's terminal while groupctl's is a pipe to the demo, so the
 * demo decides colour the way groupctl would on that terminal (FORCE_COLOR, NO_COLOR, a
 * TTY) and hands the decision on through FORCE_COLOR.
 */
export function demoUsesColor(env: NodeJS.ProcessEnv, tty: boolean): boolean {
  if (env.FORCE_COLOR !== undefined) return !/^(0|false)$/i.test(env.FORCE_COLOR.trim());
  return (env.NO_COLOR ?? '') === '' && tty && env.TERM !== 'dumb';
}

/** One numbered step heading, bold on a terminal. */
export function heading(write: (text: string) => void, color: boolean, step: number, text: string): void {
  const line = `== ${step}. ${text}`;
  write(`\n${color ? `\x1b[1m${line}\x1b[0m` : line}\n\n`);
}

/**
 * apply prints the plan it carries out; in the demo that is the plan step 2 just showed,
 * so its body is replaced by one line and the summary line ("Plan: ...") is kept. Returns
 * a writer of output chunks that passes whole lines on to `write`, and a flush for the end.
 */
export function collapsePlan(write: (text: string) => void): { write(chunk: string): void; flush(): void } {
  let hiding = false;
  let pending = '';
  return {
    write(chunk) {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const plain = line.replace(/\x1b\[[0-9;]*m/g, '');
        if (plain.startsWith('groupctl will perform')) {
          hiding = true;
          write('(the plan saved in step 2)\n');
          continue;
        }
        if (hiding && plain.startsWith('Plan:')) hiding = false;
        if (!hiding) write(`${line}\n`);
      }
    },
    flush() {
      if (pending !== '' && !hiding) write(pending);
      pending = '';
    },
  };
}

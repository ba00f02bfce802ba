/** How the demo prints: short numbered headings, and no plan shown twice. */
import { type Io, type OutStream, useColor } from '../cli/io.js';

export function heading(io: Io, step: number, text: string): void {
  const bold = useColor(io, undefined) ? (s: string) => `\x1b[1m${s}\x1b[0m` : (s: string) => s;
  io.stdout.write(`\n${bold(`== ${step}. ${text}`)}\n\n`);
}

/**
 * apply prints the plan it carries out; in the demo that is the plan step 2 just showed,
 * so its body is replaced by one line and the summary line ("Plan: ...") is kept.
 */
export function collapsePlan(io: Io): Io {
  let hiding = false;
  let pending = '';
  const out = io.stdout;
  const filtered: OutStream = {
    isTTY: out.isTTY,
    columns: out.columns,
    write(chunk: string | Uint8Array): boolean {
      pending += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const plain = line.replace(/\x1b\[[0-9;]*m/g, '');
        if (plain.startsWith('groupctl will perform')) {
          hiding = true;
          out.write('(the plan saved in step 2)\n');
          continue;
        }
        if (hiding && plain.startsWith('Plan:')) hiding = false;
        if (!hiding) out.write(`${line}\n`);
      }
      return true;
    },
  } as OutStream;
  return { ...io, stdout: filtered };
}

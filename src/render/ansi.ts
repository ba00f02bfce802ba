/** Plain ANSI styling that turns into the identity when colour is off (the CLI decides: TTY and no NO_COLOR). */

/** The styles the text views use; each is the identity when colour is off. */
export interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
}

/** Back to the start of the line and clear it: a live line is rewritten in place. */
export const CLEAR_LINE = '\r\x1b[2K';

const plain = (text: string): string => text;
const ansi = (open: number) => (text: string): string => (text === '' ? text : `\x1b[${open}m${text}\x1b[0m`);

/** Paint for a terminal that takes colour, or the identity. */
export function makePaint(color: boolean): Paint {
  if (!color) return { bold: plain, dim: plain, red: plain, green: plain, yellow: plain };
  return { bold: ansi(1), dim: ansi(2), red: ansi(31), green: ansi(32), yellow: ansi(33) };
}

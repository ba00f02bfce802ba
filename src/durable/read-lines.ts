/**
 * Reading an append-only file of lines (a journal, a snapshot of one record per line) in
 * pieces, so its size is bounded by memory and not by V8's longest string. The last line
 * of such a file may be torn (the writer died mid-append): it is handed back apart, and
 * each caller decides what a torn line means for it.
 */
import { closeSync, openSync, readSync } from 'node:fs';

const PIECE_BYTES = 1 << 20;

/** What reading found besides the complete lines. */
export interface LinesRead {
  /** Byte length of the complete lines, each ended by a newline (where to truncate a torn tail). */
  validLength: number;
  /** Byte length of the file as read; 0 for a missing file. */
  length: number;
  /** The text after the last newline: a torn last line, or '' when the file ends in one. */
  tail: string;
}

/**
 * Call `onLine` with each complete line (without its newline) and its 1-based number, in
 * order. A missing file has no lines; any other read error is thrown as it is.
 */
export function readLinesSync(path: string, onLine: (line: string, lineNumber: number) => void): LinesRead {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { validLength: 0, length: 0, tail: '' };
    throw error;
  }
  try {
    return readOpenLines(fd, onLine);
  } finally {
    closeSync(fd);
  }
}

function readOpenLines(fd: number, onLine: (line: string, lineNumber: number) => void): LinesRead {
  const piece = Buffer.allocUnsafe(PIECE_BYTES);
  // The start of a line not yet ended, possibly spread over several pieces (a long line).
  let pending: Buffer[] = [];
  let length = 0;
  let validLength = 0;
  let lineNumber = 0;
  for (let read = readSync(fd, piece); read > 0; read = readSync(fd, piece)) {
    const bytes = piece.subarray(0, read);
    let start = 0;
    for (let end = bytes.indexOf(0x0a); end !== -1; end = bytes.indexOf(0x0a, start)) {
      const line = Buffer.concat([...pending, bytes.subarray(start, end)]);
      pending = [];
      validLength = length + end + 1;
      onLine(line.toString('utf8'), ++lineNumber);
      start = end + 1;
    }
    if (start < read) pending.push(Buffer.from(bytes.subarray(start)));
    length += read;
  }
  return { validLength, length, tail: Buffer.concat(pending).toString('utf8') };
}

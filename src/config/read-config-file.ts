/**
 * One config file's bytes -> its text, refusing what cannot be a config before any parsing:
 * a file over MAX_CONFIG_FILE_BYTES (parsing it could exhaust memory) and bytes that are not
 * UTF-8 (decoding them leniently would send U+FFFD in group names).
 */
import { readFile, stat } from 'node:fs/promises';
import type { ConfigIssue } from './config-error.js';

/**
 * The largest config file read, in bytes, set by measured memory: reading a file of real
 * shape (groups of 250 members) takes about 11 MB of memory per MB of YAML (`validate`:
 * 50.5 MB, 556 MB RSS; 63.6 MiB, 728 MB RSS on Node 20), so 64 MiB keeps one file within
 * the 1 GB a CI runner can spare, and `plan` room for the live groups beside it. That is
 * about 17,000 groups of 250 members, or 1,500,000 plain groups; larger organisations split
 * their groups into several files of a folder, which costs nothing.
 */
export const MAX_CONFIG_FILE_BYTES = 64 * 1024 * 1024;

/** Why the limit is where it is, in the refusal's words (the measure above). */
const LIMIT_REASON = 'reading a file takes about 11 times its size in memory, and this limit keeps one file within about 730 MB';

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The file's text, or the one issue that stops it from being read (`file` is the name shown). */
export async function readConfigFile(path: string, file: string, limit = MAX_CONFIG_FILE_BYTES): Promise<{ text: string } | { issue: ConfigIssue }> {
  const refuse = (line: number, col: number, field: string, message: string) => ({ issue: { file, line, col, field, message } });
  const tooLarge = (size: number) =>
    refuse(
      0,
      0,
      'path',
      `is ${formatBytes(size)}, over the limit of ${formatBytes(limit)} for one config file (${LIMIT_REASON}); ` +
        'split its groups into several files in a folder and pass the folder (every *.yaml below it is read)',
    );
  let bytes: Buffer;
  try {
    // Checked before reading, so a huge file is never held in memory; and again after, for a file that grew meanwhile.
    const { size } = await stat(path);
    if (size > limit) return tooLarge(size);
    bytes = await readFile(path);
  } catch (error) {
    return refuse(0, 0, 'path', `cannot be read: ${(error as Error).message}`);
  }
  if (bytes.length > limit) return tooLarge(bytes.length);
  try {
    return { text: UTF8.decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const { line, col } = positionOf(bytes, offset);
    const byte = bytes[offset]!.toString(16).toUpperCase().padStart(2, '0');
    return refuse(line, col, 'encoding', `byte 0x${byte} is not valid UTF-8; save the file as UTF-8`);
  }
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629), or bytes.length. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const [length, low, high] = lead >= 0xc2 && lead <= 0xdf ? [2, 0x80, 0xbf]
      : lead === 0xe0 ? [3, 0xa0, 0xbf]
      : lead === 0xed ? [3, 0x80, 0x9f] // no UTF-16 surrogates
      : lead >= 0xe1 && lead <= 0xef ? [3, 0x80, 0xbf]
      : lead === 0xf0 ? [4, 0x90, 0xbf]
      : lead === 0xf4 ? [4, 0x80, 0x8f] // nothing above U+10FFFF
      : lead >= 0xf1 && lead <= 0xf3 ? [4, 0x80, 0xbf]
      : [0, 0, 0];
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      // A truncated or broken sequence: the lead byte is where the reader should look.
      if (next === undefined || next < min || next > max) return i;
    }
    i += length;
  }
  return i;
}

/** 1-based line, and column in characters as the YAML positions count them (UTF-16 units). */
function positionOf(bytes: Buffer, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: bytes.toString('utf8', lineStart, offset).length + 1 };
}

function formatBytes(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} bytes (${(bytes / (1024 * 1024)).toFixed(1)} MiB)`;
}

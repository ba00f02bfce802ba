/**
 * Replace a file so that a reader (or a crash) sees either the old content or the new,
 * never a mix: write a temporary file in the same folder, fsync it, rename it over the
 * target, then fsync the folder so the rename itself survives a power cut.
 *
 * Two entry points over the same steps: the asynchronous one for callers with requests in
 * flight (saving state during an apply, writing a plan or report), the synchronous one for
 * callers that cannot yield: an 'exit' handler (state-store's fold), the emulator's
 * compaction inside a request. The synchronous one also takes pieces, so a file larger
 * than the longest string V8 allows (a million-group snapshot) can still be written.
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { temporaryPathFor } from './temporaries.js';

const BATCH_CHARS = 1 << 20;

/** What a synchronous write takes: the whole content, or its pieces in order. */
export type FileContent = string | Uint8Array | Iterable<string>;

/** Write `data` to `path` atomically (same-folder temp file, fsync, rename, fsync folder). */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = temporaryPathFor(path);
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  syncFolder(dirname(path));
}

/** The synchronous twin of `writeFileAtomic`, for callers that must not yield mid-write. */
export function writeFileAtomicSync(path: string, data: FileContent): void {
  const temp = temporaryPathFor(path);
  try {
    const fd = openSync(temp, 'wx', 0o644);
    try {
      writePieces(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // the temp file may never have been created
    }
    throw error;
  }
  syncFolder(dirname(path));
}

/** fsync a folder so a rename or unlink in it is durable. Some platforms refuse; that is not fatal. */
export function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot open folders; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Small pieces (a line each) are gathered into about a MiB per write call. */
function writePieces(fd: number, data: FileContent): void {
  if (typeof data === 'string' || data instanceof Uint8Array) return writeAll(fd, data);
  let batch = '';
  for (const piece of data) {
    batch += piece;
    if (batch.length >= BATCH_CHARS) {
      writeAll(fd, batch);
      batch = '';
    }
  }
  writeAll(fd, batch);
}

/** writeSync may write less than asked; loop until every byte is out. */
function writeAll(fd: number, piece: string | Uint8Array): void {
  const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset);
}

/**
 * File access of the sync engine, through an injectable fs so tests can make the disk full or the
 * folder vanish. Every write is atomic: a temporary name starting with '.' (which readers and
 * classifyName skip), fsync, rename, then fsync of the folder.
 */
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import * as nodeFs from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SyncError } from '../../../shared/sync/errors';
import { FrameError, PREFIX_LENGTH, frameLength, headerEnd } from '../../../shared/sync/segment';

export type SyncFs = Pick<
  typeof nodeFs,
  'mkdir' | 'open' | 'readFile' | 'readdir' | 'rename' | 'stat' | 'lstat' | 'unlink' | 'rm'
>;

export const defaultFs: SyncFs = nodeFs;

export const errnoOf = (error: unknown): string => (error as NodeJS.ErrnoException | null)?.code ?? '';

/** An I/O failure as the engine reports it. ENOENT means the folder (or a parent) went away. */
export function toSyncError(
  error: unknown,
  missing: 'folder_missing' | 'read_failed' = 'folder_missing',
): SyncError {
  if (error instanceof SyncError) return error;
  const code = errnoOf(error);
  if (code === 'ENOSPC' || code === 'EDQUOT') return new SyncError('disk_full', code);
  if (code === 'ENOENT' || code === 'ENOTDIR') return new SyncError(missing, code);
  return new SyncError('write_failed', code || String(error).slice(0, 200));
}

async function syncDirectory(fs: SyncFs, dir: string): Promise<void> {
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open a folder; the rename is still atomic there.
  }
}

export async function writeAtomic(fs: SyncFs, path: string, bytes: Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomUUID().slice(0, 8)}.tmp`);
  try {
    const handle = await fs.open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, path);
  } catch (error) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw toSyncError(error);
  }
  await syncDirectory(fs, dirname(path));
}

/** The file's bytes, or null when it does not exist. */
export async function readIfPresent(fs: SyncFs, path: string): Promise<Uint8Array | null> {
  try {
    return await fs.readFile(path);
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes(errnoOf(error))) return null;
    throw toSyncError(error, 'read_failed');
  }
}

/** Names in a folder, or [] when it does not exist. */
export async function listNames(fs: SyncFs, dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).sort();
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes(errnoOf(error))) return [];
    throw toSyncError(error, 'read_failed');
  }
}

export async function exists(fs: SyncFs, path: string): Promise<boolean> {
  try {
    await fs.stat(path);
    return true;
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes(errnoOf(error))) return false;
    throw toSyncError(error, 'read_failed');
  }
}

/** A file of the shared folder refused before it is read: one reported problem, never a failed pass. */
export class RefusedFile extends Error {
  constructor(readonly reason: 'not_regular' | 'too_large') {
    super(reason);
  }
}

/** Not following a symbolic link at open (the lstat before can race a rename); 0 where unknown. */
const NO_FOLLOW = (constants as { O_NOFOLLOW?: number }).O_NOFOLLOW ?? 0;

/**
 * A file of the shared folder, read with bounded memory: lstat first (only a regular file, never a
 * link, a folder or a device such as /dev/zero), its size against `max`, then — for a framed file
 * — its header, whose declared length must be the file's size before the rest is read. Returns
 * null when the file is not there. Throws RefusedFile, FrameError (incomplete or corrupt framing) or
 * a SyncError for an unreadable folder.
 */
export async function readBounded(
  fs: SyncFs,
  path: string,
  max: number,
  framed = true,
  /** Only the prefix and header of a framed file (after the same checks), to pick among files. */
  headerOnly = false,
): Promise<Uint8Array | null> {
  let size: number;
  try {
    const info = await fs.lstat(path);
    if (!info.isFile()) throw new RefusedFile('not_regular');
    size = info.size;
  } catch (error) {
    if (error instanceof RefusedFile) throw error;
    if (['ENOENT', 'ENOTDIR'].includes(errnoOf(error))) return null;
    throw toSyncError(error, 'read_failed');
  }
  if (size > max) throw new RefusedFile('too_large');
  let handle: nodeFs.FileHandle;
  try {
    handle = await fs.open(path, constants.O_RDONLY | NO_FOLLOW);
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes(errnoOf(error))) return null;
    if (errnoOf(error) === 'ELOOP') throw new RefusedFile('not_regular');
    throw toSyncError(error, 'read_failed');
  }
  try {
    // Swapped between lstat and open: judged again on what was opened.
    const opened = await handle.stat();
    if (!opened.isFile()) throw new RefusedFile('not_regular');
    if (opened.size > max) throw new RefusedFile('too_large');
    size = opened.size;
    const readAt = async (length: number, position: number): Promise<Uint8Array> => {
      const buffer = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return buffer.subarray(0, done);
    };
    if (framed) {
      const prefix = await readAt(Math.min(size, PREFIX_LENGTH), 0);
      const end = headerEnd(prefix);
      if (end > 0) {
        const head = end > prefix.length ? await readAt(Math.min(size, end), 0) : prefix;
        // Throws for a short or bad header; otherwise the declared length decides.
        const { length } = frameLength(head);
        if (size < length) throw new FrameError('segment_incomplete', `${size} of ${length} bytes`);
        if (size > length) throw new FrameError('segment_corrupt', `${size - length} bytes after the end`);
        if (headerOnly) return head;
      } else {
        frameLength(prefix); // throws: not a sync file, or cut short before its header
      }
    }
    return await readAt(size, 0);
  } catch (error) {
    if (error instanceof RefusedFile || error instanceof FrameError) throw error;
    throw toSyncError(error, 'read_failed');
  } finally {
    await handle.close();
  }
}

/** Whether a folder entry is a real folder (a link to one is not followed). */
export async function isFolder(fs: SyncFs, path: string): Promise<boolean> {
  try {
    return (await fs.lstat(path)).isDirectory();
  } catch {
    return false;
  }
}
